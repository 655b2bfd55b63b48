// Where a function sets task flags, and the flags at each call: every setter
// form of 6.12 (memalloc_noreclaim_save, memalloc_flags_save with a
// constant and with a local, a raw `current->flags |=`, a task pointer, XFS's
// current_set_flags_nested macro), the scope's end at each restore form, an
// error path that restores and returns without ending the scope for what
// follows, and the NOIO/NOFS scopes that set other flags than PF_MEMALLOC.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s < %t/facts.json
// RUN: %wqdep-facts -p %t %s --roundtrip > %t/roundtrip.json
// RUN: diff %t/facts.json %t/roundtrip.json
#include <linux/sched.h>
#include <linux/sched/mm.h>

void before(void);
void inside(void);
void after(void);
int failed(void);

#define current_set_flags_nested(sp, f)		\
		(*(sp) = current->flags, current->flags |= (f))
#define current_restore_flags_nested(sp, f)	\
		(current->flags = ((current->flags & ~(f)) | (*(sp) & (f))))

// The helpers' own bodies set what their callers pass: no setter there
// (header functions come first: they sort by key, the file's path first).
// CHECK-LABEL: "name": "memalloc_flags_save"
// CHECK-NOT: "flag_setters"
// CHECK: "name": "memalloc_nofs_restore"

// CHECK-LABEL: "name": "s1_noreclaim_scope"
// CHECK: {"callee":"before",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: {"callee":"inside",{{.*}}setters-facts.c:[[@LINE+8]]:2","memalloc_always":true,"task_flags":"PF_MEMALLOC"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: "flag_setters"
// CHECK-NEXT: {"api":"memalloc_noreclaim_save","flags":"PF_MEMALLOC",
void s1_noreclaim_scope(void)
{
	before();
	unsigned int f = memalloc_noreclaim_save();
	inside();
	memalloc_noreclaim_restore(f);
	after();
}

// The error path restores and returns; the scope goes on after it.
// CHECK-LABEL: "name": "s2_error_path"
// CHECK: {"callee":"failed",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC"}
// CHECK: {"callee":"inside",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: "flag_setters"
void s2_error_path(void)
{
	unsigned int f = memalloc_noreclaim_save();
	if (failed()) {
		memalloc_noreclaim_restore(f);
		return;
	}
	inside();
	memalloc_noreclaim_restore(f);
	after();
}

// CHECK-LABEL: "name": "s3_flags_save_scope"
// CHECK: {"callee":"inside",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC | PF_MEMALLOC_NOIO"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: {"api":"memalloc_flags_save","flags":"PF_MEMALLOC | PF_MEMALLOC_NOIO",
void s3_flags_save_scope(void)
{
	unsigned f = memalloc_flags_save(PF_MEMALLOC | PF_MEMALLOC_NOIO);
	inside();
	memalloc_flags_restore(f);
	after();
}

// A whole-thread setter (kswapd's shape): everything after it, to the
// clear at the end.
// CHECK-LABEL: "name": "s4_kswapd_like"
// CHECK: {"callee":"inside",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC | PF_KSWAPD"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: {"api":"flags |= PF_MEMALLOC | PF_KSWAPD","flags":"PF_MEMALLOC | PF_KSWAPD",
int s4_kswapd_like(void *p)
{
	struct task_struct *tsk = current;
	tsk->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;) {
		if (failed())
			break;
		inside();
	}
	tsk->flags &= ~(PF_MEMALLOC | PF_KSWAPD);
	after();
	return 0;
}

// XFS's xfs_btree_s5_split_worker(): the flags are a local that may hold
// PF_MEMALLOC (when the caller was kswapd).
// CHECK-LABEL: "name": "s5_split_worker"
// Set from a variable: maybe, not certainly (no "memalloc_always").
// CHECK: {"callee":"inside",{{[^}]*}}"loc":"{{[^"]*}}","task_flags":"PF_MEMALLOC | PF_KSWAPD"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
// CHECK: {"api":"current_set_flags_nested",
void s5_split_worker(int kswapd)
{
	unsigned long pflags;
	unsigned int new_pflags = 0;
	if (kswapd)
		new_pflags |= PF_MEMALLOC | PF_KSWAPD;
	current_set_flags_nested(&pflags, new_pflags);
	inside();
	current_restore_flags_nested(&pflags, new_pflags);
	after();
}

// NOIO and NOFS scopes set their own flags, not PF_MEMALLOC.
// CHECK-LABEL: "name": "s6_noio_nofs"
// CHECK: {"callee":"inside",{{.*}}"task_flags":"PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO"}
// CHECK: {"api":"memalloc_noio_save","flags":"PF_MEMALLOC_NOIO",
// CHECK: {"api":"memalloc_nofs_save","flags":"PF_MEMALLOC_NOFS",
void s6_noio_nofs(void)
{
	unsigned a = memalloc_noio_save();
	unsigned b = memalloc_nofs_save();
	inside();
	memalloc_nofs_restore(b);
	memalloc_noio_restore(a);
}

// current_restore_flags(orig, PF_MEMALLOC) ends a raw setter's scope.
// CHECK-LABEL: "name": "s7_raw_restore"
// CHECK: {"callee":"inside",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC"}
// CHECK: {"callee":"after",{{[^}]*}}"loc":"{{[^"]*}}"}
void s7_raw_restore(void)
{
	unsigned long pflags = current->flags;
	current->flags |= PF_MEMALLOC;
	inside();
	current_restore_flags(pflags, PF_MEMALLOC);
	after();
}

