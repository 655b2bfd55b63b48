// Work items declared at file scope: DECLARE_WORK and DECLARE_DELAYED_WORK
// (static ones are named file-qualified), and a global struct whose member
// is set up with __WORK_INITIALIZER (named by type and field). Both as the
// reclaim context and as flush targets.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// With lockdep, the initialisers carry a lockdep_map too:
// RUN: rm -rf %t.lockdep && %gen-compdb -o %t.lockdep -D CONFIG_LOCKDEP %s
// RUN: %expect-exit 1 %wqdep -p %t.lockdep %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

static struct workqueue_struct *reclaimwq, *plainwq;

static void reclaim_fn(struct work_struct *w);
static void g_fn(struct work_struct *w) { }
static void s_fn(struct work_struct *w) { }
static void m_fn(struct work_struct *w) { }

static DECLARE_WORK(reclaim_work, reclaim_fn);
DECLARE_WORK(global_work, g_fn);
static DECLARE_DELAYED_WORK(static_dwork, s_fn);
DECLARE_DELAYED_WORK(global_dwork, s_fn);

struct quota_info {
	int nr;
	struct work_struct release_work;
};
static struct quota_info qinfo = {
	.release_work = __WORK_INITIALIZER(qinfo.release_work, m_fn),
};

static void reclaim_fn(struct work_struct *w)
{
	flush_work(&global_work);
// CHECK: static-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':g_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'reclaimwq' ({{.*}}static-work.c:reclaimwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_MEM_RECLAIM)
// CHECK-NEXT: note: work item '{{.*}}static-work.c:reclaim_work' (reclaim_fn) is queued on 'reclaimwq' here
// CHECK-NEXT: note: reclaim_fn calls flush_work, flushing work item 'global_work'
// CHECK-NEXT: note: workqueue 'plainwq' ({{.*}}static-work.c:plainwq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
	flush_delayed_work(&static_dwork);
// CHECK: static-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':s_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_delayed_work, flushing work item '{{.*}}static-work.c:static_dwork.work'
	flush_delayed_work(&global_dwork);
// CHECK: static-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':s_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_delayed_work, flushing work item 'global_dwork.work'
	flush_work(&qinfo.release_work);
// CHECK: static-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':m_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct quota_info::release_work'
	flush_work(&reclaim_work);	/* on reclaimwq: safe */
}

int __init drv_init(void)
{
	reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	plainwq = alloc_workqueue("plainwq", 0, 0);
	queue_work(reclaimwq, &reclaim_work);
	queue_work(plainwq, &global_work);
	queue_delayed_work(plainwq, &static_dwork, 1);
	schedule_delayed_work(&global_dwork, 1);
	queue_work(plainwq, &qinfo.release_work);
	return 0;
}
