// Code that tests PF_MEMALLOC (or current_is_kswapd()) to take another way is
// not reported on the branch it avoids: the guarded call, the early return
// before the flush, and the guard in the caller. The other side of each test
// is still reported, and a guard on PF_KSWAPD spares kswapd, not direct
// reclaim. Guards are about the task: a WQ_MEM_RECLAIM worker reaching a
// guarded flush is still reported (rule B).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s > %t/out.txt
// RUN: FileCheck %s --implicit-check-not=warning: < %t/out.txt
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/swap.h>

struct fs {
	struct workqueue_struct *plain_wq, *reclaim_wq;
	struct work_struct guarded, early, in_caller, unlikely_early, taken,
		else_branch, not_kswapd, worker, worker_flush;
};
static struct fs s;
static void fn(struct work_struct *w) { }

/* 1. The guarded call (jbd2/nfs shape): never under PF_MEMALLOC. */
static void guarded_call(void)
{
	if (!(current->flags & PF_MEMALLOC))
		flush_work(&s.guarded);
// CHECK: guards.c:[[@LINE-1]]:3: warning: WQ_MEM_RECLAIM 'reclaim':worker_fn is flushing !WQ_MEM_RECLAIM 'plain':fn [wq-flush-dependency]
}
// Functions come in the order of their names:
// FACTS: {"api":"flush_work",{{.*}}"only_if_clear":"PF_MEMALLOC","work_item":"struct fs::early"}
// FACTS: {"api":"flush_work",{{[^}]*}}"loc":"{{[^"]*}}","work_item":"struct fs::else_branch"}
// FACTS: {"callee":"{{.*}}guards.c:helper",{{.*}}"only_if_clear":"PF_MEMALLOC"}
// FACTS: {"api":"flush_work",{{.*}}"only_if_clear":"PF_MEMALLOC","work_item":"struct fs::guarded"}
// FACTS: {"api":"flush_work",{{.*}}"only_if_clear":"PF_KSWAPD","work_item":"struct fs::not_kswapd"}
// FACTS: {"api":"flush_work",{{[^}]*}}"loc":"{{[^"]*}}","work_item":"struct fs::taken"}
// FACTS: {"api":"flush_work",{{.*}}"only_if_clear":"PF_MEMALLOC","work_item":"struct fs::unlikely_early"}

/* 2. The early return before the flush (gfs2_drop_inode shape). */
static void early_return(void)
{
	if (current->flags & PF_MEMALLOC)
		return;
	flush_work(&s.early);
}

/* 3. unlikely() around the test, with another condition: returns when
 *    either holds, so what follows runs with PF_MEMALLOC clear. */
static void unlikely_early(int busy)
{
	if (busy || unlikely(current->flags & PF_MEMALLOC))
		return;
	flush_work(&s.unlikely_early);
}

/* 4. The guard in the caller. */
static void helper(void) { flush_work(&s.in_caller); }
static void guard_in_caller(void)
{
	if ((current->flags & PF_MEMALLOC) == 0)
		helper();
}

/* 5. The branch taken under PF_MEMALLOC: reported. */
static void taken_branch(void)
{
	if (current->flags & PF_MEMALLOC)
		flush_work(&s.taken);
// CHECK: guards.c:[[@LINE-1]]:3: warning: PF_MEMALLOC task kswapd is flushing !WQ_MEM_RECLAIM 'plain':fn (and 1 more reclaim context) [wq-flush-dependency]
}

/* 6. The else branch of a !PF_MEMALLOC test: reported. */
static void else_branch(void)
{
	if (!(current->flags & PF_MEMALLOC))
		fn(0);
	else
		flush_work(&s.else_branch);
// CHECK: guards.c:[[@LINE-1]]:3: warning: PF_MEMALLOC task kswapd is flushing !WQ_MEM_RECLAIM 'plain':fn (and 1 more reclaim context) [wq-flush-dependency]
}

/* 7. nfs_release_folio shape: kswapd returns early, direct reclaim goes on. */
static void not_kswapd(int gfp)
{
	if (gfp != 3 || current_is_kswapd())
		return;
	flush_work(&s.not_kswapd);
// CHECK: guards.c:[[@LINE-1]]:2: warning: PF_MEMALLOC task reclaim is flushing !WQ_MEM_RECLAIM 'plain':fn [wq-flush-dependency]
// CHECK-NOT: kswapd sets
}

/* Each is reached from direct reclaim and from kswapd. */
static void all(void)
{
	guarded_call();
	early_return();
	unlikely_early(0);
	guard_in_caller();
	taken_branch();
	else_branch();
	not_kswapd(3);
}

void reclaim(void)
{
	unsigned int f = memalloc_noreclaim_save();
	all();
	memalloc_noreclaim_restore(f);
}

int kswapd(void *p)
{
	current->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;)
		all();
	return 0;
}

/* Rule B: a WQ_MEM_RECLAIM worker reaching the guarded flush. */
static void worker_fn(struct work_struct *w) { guarded_call(); }

int init(void)
{
	s.plain_wq = alloc_workqueue("plain", 0, 0);
	s.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&s.guarded, fn);
	INIT_WORK(&s.early, fn);
	INIT_WORK(&s.in_caller, fn);
	INIT_WORK(&s.unlikely_early, fn);
	INIT_WORK(&s.taken, fn);
	INIT_WORK(&s.else_branch, fn);
	INIT_WORK(&s.not_kswapd, fn);
	INIT_WORK(&s.worker, worker_fn);
	queue_work(s.plain_wq, &s.guarded);
	queue_work(s.plain_wq, &s.early);
	queue_work(s.plain_wq, &s.in_caller);
	queue_work(s.plain_wq, &s.unlikely_early);
	queue_work(s.plain_wq, &s.taken);
	queue_work(s.plain_wq, &s.else_branch);
	queue_work(s.plain_wq, &s.not_kswapd);
	queue_work(s.reclaim_wq, &s.worker);
	return 0;
}
