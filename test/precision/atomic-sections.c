// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 > %t/on.txt 2>&1
// RUN: FileCheck %s --check-prefix=ON --implicit-check-not=warning: < %t/on.txt
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-atomic-sections > %t/off.txt 2>&1
// RUN: FileCheck %s --check-prefix=OFF --implicit-check-not=warning: < %t/off.txt
// RUN: %expect-exit 1 %wqdep -p %t --no-db --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
//
// Atomic sections: a call made where its function has certainly disabled
// preemption, interrupts or softirqs runs what cannot sleep, and every
// flush sleeps. No route takes such a call (panic()'s local_irq_disable()
// and preempt_disable_notrace() before it dumps and runs its notifiers),
// and a flush made in one is no flush a context reaches.
//
// Removed with the mechanism on (each reported with --no-atomic-sections):
//  - irq_fn: local_irq_save() ... local_irq_restore() around the call;
//  - preempt_fn: preempt_disable() ... preempt_enable();
//  - bh_fn: local_bh_disable() ... local_bh_enable();
//  - panic_fn: a noreturn function that disables both and dumps;
//  - own_fn: a flush made in the worker's own atomic section;
//  - wrapped_fn: a wrapper of flush_work() called in one (the flush made
//    concrete in the caller is in the section).
// Kept (the fallback: nothing certain):
//  - after_fn: the call after preempt_enable();
//  - cond_fn: interrupts disabled only under a condition;
//  - loop_fn: enabled again inside the loop around the call (its second
//    round is not in the section);
//  - undo_fn: the callee, defined here, enables what its caller disabled
//    before it flushes; undo2_fn: two levels down;
//  - label_fn: a label between the disable and the call (a jump may come
//    from anywhere);
//  - unknown_fn: preempt_count_add() of a count that is no constant;
//  - unlock_fn: spin_unlock_irqrestore() of a lock taken in the section
//    (a lock's release that turns interrupts back on, out of line);
//  - pointer_fn: a call through a pointer in the section (its callee may
//    enable);
//  - cached_fn: a helper two levels down that enables, first seen from
//    deeper down (in a loop's callee) then from the function.
//
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':after_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':cond_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':loop_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':undo_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':undo2_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':label_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':unknown_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':unlock_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':pointer_fn is flushing
// ON-DAG: warning: WQ_MEM_RECLAIM 'reclaim':cached_fn is flushing
// ON:     wqdep: 10 findings
//
// The calls made in a section: the calls of flush_a, flush_b, flush_c,
// dump_all, flush_it, leaf; my_panic's preempt_disable_notrace() after
// its local_irq_disable(); bh_fn's local_bh_enable() (the restores of the
// macros are in `do { } while (0)`, which the walk takes as a loop that
// starts where nothing in it may end the section); unlock_fn's
// spin_lock() and spin_unlock_irqrestore(); cached_fn's batch() (its
// enable is three levels down: not read). One flush: own_fn's.
// STATS: "atomic_section_calls": 11,
// STATS: "atomic_section_effects": 1,
//
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':irq_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':preempt_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':bh_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':panic_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':own_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':wrapped_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':after_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':cond_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':loop_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':undo_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':undo2_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':label_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':unknown_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':unlock_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':pointer_fn is flushing
// OFF-DAG: warning: WQ_MEM_RECLAIM 'reclaim':cached_fn is flushing
// OFF:     wqdep: 16 findings
//
// The facts: which calls and flushes are in a section.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// FACTS:      "key": "{{.*}}:after_fn",
// FACTS:      {"atomic":true,"callee":"{{.*}}:leaf",
// FACTS:      "key": "{{.*}}:cond_fn",
// FACTS-NOT:  "atomic"
// FACTS:      "key": "{{.*}}:dump_all",
// FACTS:      "key": "{{.*}}:irq_fn",
// FACTS:      {"atomic":true,"callee":"{{.*}}:flush_a",
// FACTS:      "key": "{{.*}}:own_fn",
// FACTS:      {"api":"flush_work","atomic":true,
// FACTS:      "key": "{{.*}}:undo2_fn",
// FACTS-NOT:  "atomic"
// FACTS:      "key": "{{.*}}:unlock_fn",
// FACTS:      "atomic":true,"callee":"{{.*}}:spin_unlock_irqrestore",
// FACTS-NEXT: ],
// FACTS-NEXT: "effects": [
// FACTS-NEXT: {"api":"flush_work","kind":"flush",
// FACTS:      "key": "{{.*}}:wrapped_fn",
// FACTS:      "atomic":true,"callee":"{{.*}}:flush_it",
#include <linux/workqueue.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>

struct targets {
	struct workqueue_struct *plain_wq, *reclaim_wq;
	struct work_struct a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p;
};
static struct targets t;
static int cond, n;

static void plain_fn(struct work_struct *w) { }

static void flush_a(void) { flush_work(&t.a); }
static void flush_b(void) { flush_work(&t.b); }
static void flush_c(void) { flush_work(&t.c); }
static void leaf(void) { }

static void irq_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	flush_a();
	local_irq_restore(flags);
}

static void preempt_fn(struct work_struct *w)
{
	preempt_disable();
	flush_b();
	preempt_enable();
}

static void bh_fn(struct work_struct *w)
{
	local_bh_disable();
	flush_c();
	local_bh_enable();
}

/* panic(): interrupts and preemption off for good, then the dump. */
static void dump_all(void) { flush_work(&t.d); }
static void __attribute__((__noreturn__)) my_panic(void)
{
	local_irq_disable();
	preempt_disable_notrace();
	dump_all();
	for (;;)
		;
}
static void panic_fn(struct work_struct *w) { if (cond) my_panic(); }

static void own_fn(struct work_struct *w)
{
	preempt_disable();
	flush_work(&t.e);
	preempt_enable();
}

static void flush_it(struct work_struct *x) { flush_work(x); }
static void wrapped_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	flush_it(&t.f);
	local_irq_restore(flags);
}

static void after_fn(struct work_struct *w)
{
	preempt_disable();
	leaf();
	preempt_enable();
	flush_work(&t.g);
}

static void cond_fn(struct work_struct *w)
{
	if (cond)
		local_irq_disable();
	flush_work(&t.h);
}

static void loop_fn(struct work_struct *w)
{
	preempt_disable();
	while (n--) {
		flush_work(&t.i);
		preempt_enable();
	}
}

/* A helper that gives back what its caller took, then sleeps. */
static void enable_then_flush(void)
{
	preempt_enable();
	flush_work(&t.j);
}
static void undo_fn(struct work_struct *w)
{
	preempt_disable();
	enable_then_flush();
}

static void inner_enable(void) { local_irq_enable(); }
static void outer_enable_then_flush(void)
{
	inner_enable();
	flush_work(&t.k);
}
static void undo2_fn(struct work_struct *w)
{
	local_irq_disable();
	outer_enable_then_flush();
}

static void label_fn(struct work_struct *w)
{
	preempt_disable();
again:
	flush_work(&t.l);
	preempt_enable();
	if (n--)
		goto again;
}

static void unknown_fn(struct work_struct *w)
{
	preempt_count_add(n);
	flush_work(&t.m);
	preempt_count_sub(n);
}

/* kernel/locking/spinlock.c, out of line; include/linux/spinlock.h. */
typedef struct { int x; } spinlock_t;
void _raw_spin_lock(spinlock_t *l);
void _raw_spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
static inline void spin_lock(spinlock_t *l) { _raw_spin_lock(l); }
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	_raw_spin_unlock_irqrestore(l, f);
}
static spinlock_t lk;
static void unlock_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&lk);
	spin_unlock_irqrestore(&lk, flags);
	flush_work(&t.n);
}

struct bh_ops { void (*put)(void); };
static void put_bh_fp(void) { local_bh_enable(); }
static const struct bh_ops bh_ops = { .put = put_bh_fp };
static void pointer_fn(struct work_struct *w)
{
	const struct bh_ops *o = &bh_ops;

	local_bh_disable();
	o->put();
	flush_work(&t.o);
}

static void put_bh(void) { local_bh_enable(); }
static void put_bh_wrapper(void) { put_bh(); }
static void batch(void) { put_bh_wrapper(); }
static void cached_fn(struct work_struct *w)
{
	int i;

	for (i = 0; i < n; i++) {
		local_bh_disable();
		batch();
	}
	local_bh_disable();
	put_bh_wrapper();
	flush_work(&t.p);
}

static struct work_struct wa, wb, wc, wd, we, wf, wg, wh, wi, wj, wk, wl, wm;
static struct work_struct wn, wo, wp;

void setup(void)
{
	t.plain_wq = alloc_workqueue("plain", 0, 0);
	t.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&t.a, plain_fn); INIT_WORK(&t.b, plain_fn);
	INIT_WORK(&t.c, plain_fn); INIT_WORK(&t.d, plain_fn);
	INIT_WORK(&t.e, plain_fn); INIT_WORK(&t.f, plain_fn);
	INIT_WORK(&t.g, plain_fn); INIT_WORK(&t.h, plain_fn);
	INIT_WORK(&t.i, plain_fn); INIT_WORK(&t.j, plain_fn);
	INIT_WORK(&t.k, plain_fn); INIT_WORK(&t.l, plain_fn);
	INIT_WORK(&t.m, plain_fn); INIT_WORK(&t.n, plain_fn);
	INIT_WORK(&t.o, plain_fn); INIT_WORK(&t.p, plain_fn);
	queue_work(t.plain_wq, &t.n); queue_work(t.plain_wq, &t.o);
	queue_work(t.plain_wq, &t.p);
	INIT_WORK(&wn, unlock_fn); INIT_WORK(&wo, pointer_fn);
	INIT_WORK(&wp, cached_fn);
	queue_work(t.reclaim_wq, &wn); queue_work(t.reclaim_wq, &wo);
	queue_work(t.reclaim_wq, &wp);
	queue_work(t.plain_wq, &t.a); queue_work(t.plain_wq, &t.b);
	queue_work(t.plain_wq, &t.c); queue_work(t.plain_wq, &t.d);
	queue_work(t.plain_wq, &t.e); queue_work(t.plain_wq, &t.f);
	queue_work(t.plain_wq, &t.g); queue_work(t.plain_wq, &t.h);
	queue_work(t.plain_wq, &t.i); queue_work(t.plain_wq, &t.j);
	queue_work(t.plain_wq, &t.k); queue_work(t.plain_wq, &t.l);
	queue_work(t.plain_wq, &t.m);
	INIT_WORK(&wa, irq_fn); INIT_WORK(&wb, preempt_fn);
	INIT_WORK(&wc, bh_fn); INIT_WORK(&wd, panic_fn);
	INIT_WORK(&we, own_fn); INIT_WORK(&wf, wrapped_fn);
	INIT_WORK(&wg, after_fn); INIT_WORK(&wh, cond_fn);
	INIT_WORK(&wi, loop_fn); INIT_WORK(&wj, undo_fn);
	INIT_WORK(&wk, undo2_fn); INIT_WORK(&wl, label_fn);
	INIT_WORK(&wm, unknown_fn);
	queue_work(t.reclaim_wq, &wa); queue_work(t.reclaim_wq, &wb);
	queue_work(t.reclaim_wq, &wc); queue_work(t.reclaim_wq, &wd);
	queue_work(t.reclaim_wq, &we); queue_work(t.reclaim_wq, &wf);
	queue_work(t.reclaim_wq, &wg); queue_work(t.reclaim_wq, &wh);
	queue_work(t.reclaim_wq, &wi); queue_work(t.reclaim_wq, &wj);
	queue_work(t.reclaim_wq, &wk); queue_work(t.reclaim_wq, &wl);
	queue_work(t.reclaim_wq, &wm);
}
