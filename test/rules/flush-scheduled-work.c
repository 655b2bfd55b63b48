// flush_scheduled_work() flushes the system workqueue (system_percpu_wq in
// 6.12), which is allocated without WQ_MEM_RECLAIM in workqueue_init_early().
// kernel/workqueue.c is not in the database: the allocation is built in.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw, pw;
};

static void reclaim_fn(struct work_struct *w)
{
	flush_scheduled_work();
// CHECK: flush-scheduled-work.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events' [wq-flush-dependency]
// CHECK: flush-scheduled-work.c:[[@LINE-2]]:2: note: reclaim_fn calls flush_scheduled_work, flushing workqueue 'events'
// CHECK-NEXT: {{^}}note: 'events' (system_percpu_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
}

/* Runs on plainwq, not a reclaim context: not reported. */
static void plain_fn(struct work_struct *w)
{
	flush_scheduled_work();
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(d->plainwq, &d->pw);
	return 0;
}

// JSON:      "flush_sites": 2,
// JSON:      "flush": {
// JSON-NEXT:   "api": "flush_scheduled_work",
// JSON:      "target": {
// JSON-NEXT:   "workqueue": {
// JSON-NEXT:     "name": "events",
// JSON-NEXT:     "key": "system_percpu_wq",
// JSON-NEXT:     "flags": [],
// JSON-NEXT:     "location": null,
// JSON-NEXT:     "builtin": true
// JSON-NEXT:   },
// JSON-NEXT:   "work_item": null,
