// Delayed work: INIT_DELAYED_WORK binds dw->work; queue_delayed_work(),
// mod_delayed_work() and schedule_delayed_work() queue it;
// flush_delayed_work(dw) and flush_work(&dw->work) flush the same item. A
// delayed work queued on a WQ_MEM_RECLAIM workqueue is a context (the
// writeback wb->dwork of the seed).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct delayed_work rdw;	/* the context, on reclaimwq */
	struct delayed_work qdw;	/* queue_delayed_work() on plainwq */
	struct delayed_work mdw;	/* mod_delayed_work() on plainwq */
	struct delayed_work sdw;	/* schedule_delayed_work() */
	struct delayed_work rsdw;	/* mod_delayed_work() on reclaimwq */
};

static void q_fn(struct work_struct *w) { }
static void m_fn(struct work_struct *w) { }
static void s_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

/* A helper that flushes its parameter's .work. */
static void dev_sync(struct delayed_work *dw)
{
	flush_work(&dw->work);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(to_delayed_work(w), struct dev, rdw);

	flush_delayed_work(&d->qdw);
// CHECK: delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':q_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq' (struct dev::reclaimwq) is allocated with WQ_MEM_RECLAIM here
// CHECK-NEXT: delayed-work.c:[[#@LINE+30]]:2: note: work item 'struct dev::rdw.work' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: note: reclaim_fn calls flush_delayed_work, flushing work item 'struct dev::qdw.work'
	flush_work(&d->qdw.work);
// CHECK: delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':q_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::qdw.work'
	flush_delayed_work(&d->mdw);
// CHECK: delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':m_fn [wq-flush-dependency]
	flush_delayed_work(&d->sdw);
// CHECK: delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':s_fn [wq-flush-dependency]
	flush_delayed_work(&d->rsdw);	/* on reclaimwq: safe */
	dev_sync(&d->mdw);
// CHECK: delayed-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':m_fn [wq-flush-dependency]
// CHECK: delayed-work.c:[[@LINE-2]]:2: note: reclaim_fn calls dev_sync
// CHECK-NEXT: note: dev_sync calls flush_work, flushing work item 'struct dev::mdw.work'
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_DELAYED_WORK(&d->rdw, reclaim_fn);
	INIT_DELAYED_WORK(&d->qdw, q_fn);
	INIT_DELAYED_WORK(&d->mdw, m_fn);
	INIT_DEFERRABLE_WORK(&d->sdw, s_fn);
	INIT_DELAYED_WORK(&d->rsdw, safe_fn);
	return 0;
}

void dev_kick(struct dev *d)
{
	mod_delayed_work(d->reclaimwq, &d->rdw, 0);
	queue_delayed_work(d->plainwq, &d->qdw, 10);
	mod_delayed_work(d->plainwq, &d->mdw, 10);
	schedule_delayed_work(&d->sdw, 10);
	mod_delayed_work(d->reclaimwq, &d->rsdw, 10);
}
