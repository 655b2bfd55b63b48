// PF_MEMALLOC certainly set at a call (TF_MEMALLOC_ALWAYS, "memalloc_always"
// in the facts): set by a constant on every path that gets to the call, by
// the running task, and not cleared since. Nested scopes hand a worker's
// route to a scope's task only there (test/precision/nested-scopes.c).
// Each `no_N()` below is a call where the flag may be clear on some run
// (each a construct a review found wrongly marked); each `yes_N()` one
// where it is set on every run.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s < %t/facts.json
//
// CHECK-NOT: "callee":"no_{{[0-9]+}}",{{[^}]*}}"memalloc_always"
// RUN: FileCheck %s --check-prefix=YES < %t/facts.json
// YES-DAG: "callee":"yes_1",{{.*}}"memalloc_always":true
// YES-DAG: "callee":"yes_2",{{.*}}"memalloc_always":true
// YES-DAG: "callee":"yes_3",{{.*}}"memalloc_always":true
// YES-DAG: "callee":"yes_4",{{.*}}"memalloc_always":true
// YES-DAG: "callee":"yes_5",{{.*}}"memalloc_always":true
// YES-DAG: "callee":"yes_6",{{.*}}"memalloc_always":true
// RUN: FileCheck %s --check-prefix=MAYBE < %t/facts.json
// Every `no_N()` is still in the (maybe) scope where it was before.
// MAYBE-DAG: "callee":"no_1",{{.*}}"task_flags":"PF_MEMALLOC"
// MAYBE-DAG: "callee":"no_3",{{.*}}"task_flags":"PF_MEMALLOC"
// MAYBE-DAG: "callee":"no_6",{{.*}}"task_flags":"PF_MEMALLOC"
// MAYBE-DAG: "callee":"no_9",{{.*}}"task_flags":"PF_MEMALLOC"
#include <linux/sched.h>
#include <linux/sched/mm.h>

/* fs/xfs/xfs_linux.h */
#define current_set_flags_nested(sp, f)		\
		(*(sp) = current->flags, current->flags |= (f))
#define current_restore_flags_nested(sp, f)	\
		(current->flags = ((current->flags & ~(f)) | (*(sp) & (f))))

void no_1(void); void no_2(void); void no_3(void); void no_4(void);
void no_5(void); void no_6(void); void no_7(void); void no_8(void);
void no_9(void); void no_10(void); void no_11(void); void no_12(void);
void no_13(void);
int no_14(void);
void yes_1(void); void yes_2(void); void yes_3(void); void yes_4(void);
void yes_5(void); void yes_6(void);

/* Set only under a condition. */
void cond_set(int swapper)
{
	if (swapper)
		current->flags |= PF_MEMALLOC;
	no_1();
}

/* A scope opened in an earlier case that breaks. */
void switch_case(int x)
{
	unsigned int f;
	switch (x) {
	case 0:
		f = memalloc_noreclaim_save();
		break;
	case 1:
		no_2();
	}
}

/* Restored inside the loop around the call. */
void loop_restore(void)
{
	unsigned int f = memalloc_noreclaim_save();
	for (int i = 0; i < 4; i++) {
		no_3();
		memalloc_noreclaim_restore(f);
	}
}

/* do { if (x) break; save(); } while (0); */
void do_break(int x)
{
	unsigned int f = 0;
	do {
		if (x)
			break;
		f = memalloc_noreclaim_save();
	} while (0);
	no_4();
}

/* A label reached by a goto from before the scope, under a case. */
void label_in_case(int x)
{
	unsigned int f;
	if (x)
		goto in;
	f = memalloc_noreclaim_save();
	switch (x) {
	case 0:
	in:
		no_5();
	}
}

/* Cleared by a mask that is no constant. */
void unknown_mask(unsigned int m)
{
	current->flags |= PF_MEMALLOC;
	current->flags &= ~m;
	no_6();
}

/* `x ?: save()`: the save may not run. */
void elvis(unsigned int x)
{
	unsigned int f = x ?: memalloc_noreclaim_save();
	no_7();
}

/* A helper defined in the unit restores the caller's scope. */
static void leave_reclaim(unsigned int f) { memalloc_noreclaim_restore(f); }
void helper_restore(void)
{
	unsigned int f = memalloc_noreclaim_save();
	leave_reclaim(f);
	no_8();
}

/* current_restore_flags() with a mask partly known. */
void partly_known(unsigned int extra)
{
	unsigned int m = extra;
	m |= PF_MEMALLOC_NOIO;
	current->flags |= PF_MEMALLOC;
	current_restore_flags(0, m);
	no_9();
}

/* Nested memalloc_flags_save(), the inner restored on an error path. */
int error_path(int err)
{
	unsigned int nofs = memalloc_flags_save(PF_MEMALLOC_NOFS);
	unsigned int nr = memalloc_flags_save(PF_MEMALLOC);
	if (err) {
		memalloc_flags_restore(nr);
		goto out;
	}
	memalloc_flags_restore(nr);
	no_10();
out:
	memalloc_flags_restore(nofs);
	return err;
}

/* Another task's flags (a thread being made), not the running task's. */
void other_task(struct task_struct *p)
{
	p->flags |= PF_MEMALLOC;
	no_11();
}

/* The function's other PF_MEMALLOC setter also sets PF_KSWAPD, which is
 * not certain here: its task would skip calls guarded by
 * !current_is_kswapd() that this run makes. */
void flags_beyond(int kswapd_mode)
{
	unsigned int f = memalloc_noreclaim_save();
	if (kswapd_mode)
		current->flags |= PF_MEMALLOC | PF_KSWAPD;
	no_12();
	memalloc_noreclaim_restore(f);
}

/* A variable's flags (XFS's btree split worker). */
void variable_flags(int kswapd)
{
	unsigned long pflags;
	unsigned int new_pflags = 0;
	if (kswapd)
		new_pflags |= PF_MEMALLOC;
	current_set_flags_nested(&pflags, new_pflags);
	no_13();
	current_restore_flags_nested(&pflags, new_pflags);
}

/* A for loop's increment also follows a `continue` before the save. */
void for_continue(int n)
{
	unsigned int f;
	for (int i = 0; i < n; i += no_14()) {
		if (i & 1)
			continue;
		f = memalloc_noreclaim_save();
	}
}

/* Certain: direct reclaim's shape, an error path that restores and
 * returns, kswapd's whole-life flag through a local, a do-while(0) body
 * with no jump, memalloc_flags_save() alone. */
void direct_reclaim(int err)
{
	unsigned int f = memalloc_noreclaim_save();
	if (err) {
		memalloc_noreclaim_restore(f);
		return;
	}
	yes_1();
	do {
		yes_2();
	} while (0);
	memalloc_noreclaim_restore(f);
}

int kswapd(void *p)
{
	struct task_struct *tsk = current;
	tsk->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;)
		yes_3();
	return 0;
}

void flags_save(void)
{
	unsigned int f = memalloc_flags_save(PF_MEMALLOC);
	yes_4();
	memalloc_flags_restore(f);
}

void while_no_clear(int n)
{
	unsigned int f = memalloc_noreclaim_save();
	while (n--)
		yes_5();
	memalloc_noreclaim_restore(f);
}

/* A label in a callee's body (shrink_node()'s `again:`) is no jump into
 * the caller's loop. */
static void with_label(int n)
{
again:
	if (n-- > 0)
		goto again;
}
void callee_label(int n)
{
	unsigned int f = memalloc_noreclaim_save();
	do {
		with_label(n);
		yes_6();
	} while (n--);
	memalloc_noreclaim_restore(f);
}
