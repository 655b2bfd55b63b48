// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 > %t/on.txt 2>&1
// RUN: FileCheck %s --check-prefix=ON < %t/on.txt
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-nested-scopes > %t/off.txt 2>&1
// RUN: FileCheck %s --check-prefix=OFF < %t/off.txt
//
// Nested PF_MEMALLOC scopes: what a context reaches only inside another
// function's PF_MEMALLOC scope is that scope's task's pair. Any allocation
// may reclaim directly, and direct reclaim (__perform_reclaim(),
// __node_reclaim()) holds a memalloc_noreclaim_save() scope: every
// context that allocates would otherwise reach whatever reclaim reaches,
// once per context.
//  - alloc_fn reaches both flushes of direct_reclaim's scope only through
//    that scope: reported once, as direct_reclaim's (the pair moved);
//  - reclaim_thread, a task of its own, allocates in its scope: tasks are
//    not nested (each is searched as before), so it keeps its route into
//    direct_reclaim's scope, and flushes own_work itself;
//  - both_fn reaches shrink_caches() through reclaim and outside any scope
//    (step1()): kept, with the route outside (the fallback), although the
//    route through reclaim is shorter;
//  - a flush inside the scope's own body (trim_work) is the scope's too.
// With --no-nested-scopes every context is reported with its route
// through reclaim.
//
// ON:      nested-scopes.c:[[#SYNC:]]:2: warning: PF_MEMALLOC task direct_reclaim is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 2 more reclaim contexts)
// ON-NOT:  note: alloc_fn
// ON:      note: reclaim_thread calls alloc_pages_slow
// ON-NOT:  note: alloc_fn
// ON:      note: both_fn calls step1
// ON-NEXT: note: step1 calls step2
// ON-NOT:  note: alloc_fn
// ON:      warning: PF_MEMALLOC task direct_reclaim is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 1 more reclaim context) [wq-flush-dependency]
// ON-NEXT: note: direct_reclaim sets PF_MEMALLOC here
// ON-NEXT: note: direct_reclaim calls flush_work, flushing work item 'struct cache::trim_work'
// ON:      warning: PF_MEMALLOC task reclaim_thread is flushing !WQ_MEM_RECLAIM 'plain':plain_fn [wq-flush-dependency]
// ON-NEXT: note: reclaim_thread sets PF_MEMALLOC here
// ON-NEXT: note: reclaim_thread calls flush_work, flushing work item 'struct cache::own_work'
// Only scopes certainly open subsume: a flag set under a condition, or
// restored inside the loop around the call, leaves the worker its pair.
// ON:      warning: PF_MEMALLOC task maybe_memalloc is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 1 more reclaim context)
// ON:      note: cond_fn calls maybe_memalloc
// ON:      warning: PF_MEMALLOC task loop_reclaim is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 1 more reclaim context)
// ON:      note: loop_fn calls loop_reclaim
// A worker's own scope is its own: the task and the worker both report it.
// ON:      warning: PF_MEMALLOC task own_scope_fn is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 1 more reclaim context)
// ON:      so own_scope_fn runs in a WQ_MEM_RECLAIM worker
// ON-NEXT: note: own_scope_fn calls flush_work, flushing work item 'struct cache::own_scope_target'
// A wrapper's own scope around a flush of its parameter: the flush is
// made concrete in the caller, which the wrapper's task does not reach
// (kept for the worker). A scope whose task also counts a flag that is
// only maybe set (PF_KSWAPD) would skip what that flag guards (kept). A
// flush made only while PF_MEMALLOC is clear, inside a certain scope,
// cannot run (removed: the one pair nested scopes remove outright).
// ON:      warning: WQ_MEM_RECLAIM 'reclaim':wrap_fn is flushing
// ON:      warning: WQ_MEM_RECLAIM 'reclaim':kmode_fn is flushing
// ON-NOT:  memalloc_guard_fn
// ON:      wqdep: 8 findings
//
// The facts: calls and flushes made with PF_MEMALLOC certainly set.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// FACTS:      "key": "direct_reclaim",
// FACTS:      "callee":"{{.*}}:shrink_caches",{{.*}}"memalloc_always":true,"task_flags":"PF_MEMALLOC"
// FACTS-NEXT: "callee":"{{.*}}:memalloc_noreclaim_restore",
// FACTS:      "api":"flush_work",{{.*}}"memalloc_always":true,{{.*}}trim_work
// FACTS:      "key": "loop_reclaim",
// FACTS-NOT:  "memalloc_always"
// FACTS:      "api":"flush_work",{{.*}}"task_flags":"PF_MEMALLOC",{{.*}}loop_work_target
// FACTS:      "key": "maybe_memalloc",
// FACTS-NOT:  "memalloc_always"
// FACTS:      "api":"flush_work",{{.*}}"task_flags":"PF_MEMALLOC",{{.*}}cond_work_target
// FACTS:      "key": "reclaim_thread",
//
// OFF:      nested-scopes.c:[[#SYNC:]]:2: warning: PF_MEMALLOC task direct_reclaim is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 3 more reclaim contexts)
// OFF-DAG:  note: reclaim_thread calls alloc_pages_slow
// OFF-DAG:  note: alloc_fn calls alloc_pages_slow
// OFF-DAG:  note: both_fn calls alloc_pages_slow
// OFF:      warning: PF_MEMALLOC task direct_reclaim is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 3 more reclaim contexts)
// OFF:      warning: WQ_MEM_RECLAIM 'reclaim':memalloc_guard_fn is flushing
// OFF:      wqdep: 9 findings
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/swap.h>

struct cache {
	struct workqueue_struct *plain_wq, *reclaim_wq;
	struct work_struct sync_work, trim_work, own_work;
	struct work_struct alloc_work, both_work, inline_work;
	struct work_struct cond_work, cond_work_target, loop_work, loop_work_target;
	struct work_struct own_scope_work, own_scope_target;
	struct work_struct wrap_work, wrap_target, kmode_work, kmode_target;
	struct work_struct guard_work, guard_target;
};
static struct cache c;

static void plain_fn(struct work_struct *w) { }

/* What direct reclaim reaches: a flush through a shrinker. */
static void shrink_caches(void)
{
	flush_work(&c.sync_work);
}

/* A memalloc_noreclaim_save() scope (__perform_reclaim): a context. */
void direct_reclaim(void)
{
	unsigned int f = memalloc_noreclaim_save();
	shrink_caches();
	flush_work(&c.trim_work);
	memalloc_noreclaim_restore(f);
}

/* Any allocation may reclaim directly. */
void *alloc_pages_slow(void)
{
	direct_reclaim();
	return 0;
}

/* A worker that reaches the flushes only inside direct reclaim's scope. */
static void alloc_fn(struct work_struct *w)
{
	alloc_pages_slow();
}

static void step3(void) { shrink_caches(); }
static void step2(void) { step3(); }
static void step1(void) { step2(); }

/* A worker that reaches shrink_caches() both ways: the way outside any
 * scope is its route. */
static void both_fn(struct work_struct *w)
{
	alloc_pages_slow();
	step1();
}

/* A task of its own: its scope allocates (nested: direct reclaim's pair)
 * and flushes (its own pair). */
int reclaim_thread(void *p)
{
	current->flags |= PF_MEMALLOC;
	alloc_pages_slow();
	flush_work(&c.own_work);
	current->flags &= ~PF_MEMALLOC;
	return 0;
}

/* A scope opened only under a condition (a swapper's transport in
 * __rpc_execute(), xs_tcp_setup_socket()): when it is not set, the calls
 * are the worker's own, so cond_fn keeps its pair. */
int swapper;
void maybe_memalloc(void)
{
	if (swapper)
		current->flags |= PF_MEMALLOC;
	flush_work(&c.cond_work_target);
	current->flags &= ~PF_MEMALLOC;
}
static void cond_fn(struct work_struct *w) { maybe_memalloc(); }

/* A scope restored inside the loop around its calls: from the second
 * round on the flag is not certainly set, so loop_fn keeps its pair. */
void loop_reclaim(void)
{
	unsigned int f = memalloc_noreclaim_save();
	for (int i = 0; i < 4; i++) {
		flush_work(&c.loop_work_target);
		memalloc_noreclaim_restore(f);
	}
}
static void loop_fn(struct work_struct *w) { loop_reclaim(); }

/* A worker whose own function opens a scope: its calls there are its own
 * (a worker context), also the task's. */
static void own_scope_fn(struct work_struct *w)
{
	unsigned int f = memalloc_noreclaim_save();
	flush_work(&c.own_scope_target);
	memalloc_noreclaim_restore(f);
}

/* A wrapper whose own scope holds the flush of its parameter: the flush
 * is made concrete in its caller, mid(), which reclaim_flush's task does
 * not reach, so wrap_fn keeps its pair. */
void reclaim_flush(struct work_struct *t)
{
	unsigned int f = memalloc_noreclaim_save();
	flush_work(t);
	memalloc_noreclaim_restore(f);
}
static void mid(void) { reclaim_flush(&c.wrap_target); }
static void wrap_fn(struct work_struct *w) { mid(); }

/* The scope's task also counts PF_KSWAPD, set only in kswapd mode, and
 * skips what !current_is_kswapd() guards; out of kswapd mode the flush
 * runs, so kmode_fn keeps its pair. */
int kswapd_mode;
static void kswapd_guarded(void)
{
	if (!current_is_kswapd())
		flush_work(&c.kmode_target);
}
void kmode_scope(void)
{
	unsigned int f = memalloc_noreclaim_save();
	if (kswapd_mode)
		current->flags |= PF_MEMALLOC | PF_KSWAPD;
	kswapd_guarded();
	memalloc_noreclaim_restore(f);
}
static void kmode_fn(struct work_struct *w) { kmode_scope(); }

/* A flush made only while PF_MEMALLOC is clear, inside a scope that
 * certainly sets it: it cannot run there, for the worker (a rule-B
 * context) either. Removed with nested scopes on; reported for
 * memalloc_guard_fn with --no-nested-scopes. */
static void unless_memalloc(void)
{
	if (!(current->flags & PF_MEMALLOC))
		flush_work(&c.guard_target);
}
void guarded_scope(void)
{
	unsigned int f = memalloc_noreclaim_save();
	unless_memalloc();
	memalloc_noreclaim_restore(f);
}
static void memalloc_guard_fn(struct work_struct *w) { guarded_scope(); }

void setup(void)
{
	c.plain_wq = alloc_workqueue("plain", 0, 0);
	c.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&c.sync_work, plain_fn);
	INIT_WORK(&c.trim_work, plain_fn);
	INIT_WORK(&c.own_work, plain_fn);
	INIT_WORK(&c.alloc_work, alloc_fn);
	INIT_WORK(&c.both_work, both_fn);
	queue_work(c.plain_wq, &c.sync_work);
	queue_work(c.plain_wq, &c.trim_work);
	queue_work(c.plain_wq, &c.own_work);
	queue_work(c.reclaim_wq, &c.alloc_work);
	queue_work(c.reclaim_wq, &c.both_work);
	INIT_WORK(&c.cond_work, cond_fn);
	INIT_WORK(&c.cond_work_target, plain_fn);
	INIT_WORK(&c.loop_work, loop_fn);
	INIT_WORK(&c.loop_work_target, plain_fn);
	INIT_WORK(&c.own_scope_work, own_scope_fn);
	INIT_WORK(&c.own_scope_target, plain_fn);
	queue_work(c.plain_wq, &c.cond_work_target);
	queue_work(c.plain_wq, &c.loop_work_target);
	queue_work(c.plain_wq, &c.own_scope_target);
	queue_work(c.reclaim_wq, &c.cond_work);
	queue_work(c.reclaim_wq, &c.loop_work);
	queue_work(c.reclaim_wq, &c.own_scope_work);
	INIT_WORK(&c.wrap_work, wrap_fn);
	INIT_WORK(&c.wrap_target, plain_fn);
	INIT_WORK(&c.kmode_work, kmode_fn);
	INIT_WORK(&c.kmode_target, plain_fn);
	INIT_WORK(&c.guard_work, memalloc_guard_fn);
	INIT_WORK(&c.guard_target, plain_fn);
	queue_work(c.plain_wq, &c.wrap_target);
	queue_work(c.plain_wq, &c.kmode_target);
	queue_work(c.plain_wq, &c.guard_target);
	queue_work(c.reclaim_wq, &c.wrap_work);
	queue_work(c.reclaim_wq, &c.kmode_work);
	queue_work(c.reclaim_wq, &c.guard_work);
}
