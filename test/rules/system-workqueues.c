// Work queued on the system workqueues (schedule_work() uses
// system_percpu_wq in 6.12) has !WQ_MEM_RECLAIM targets. kernel/workqueue.c
// is not in the database, so the allocations are the built-in ones. No
// system workqueue has WQ_MEM_RECLAIM, so none is a rule-B context.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw, a, b, c, s;
};

static void a_fn(struct work_struct *w) { }
static void b_fn(struct work_struct *w) { }
static void c_fn(struct work_struct *w) { }

/* Runs on system_wq: not a reclaim context, its flush is not reported. */
static void sys_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, s);

	flush_workqueue(d->plainwq);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_work(&d->a);
// CHECK: system-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':a_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::a'
// CHECK-NEXT: {{^}}note: 'events' (system_percpu_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
	flush_work(&d->b);
// CHECK: system-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':b_fn [wq-flush-dependency]
// CHECK: {{^}}note: 'events' (system_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
	flush_work(&d->c);
// CHECK: system-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events_unbound':c_fn [wq-flush-dependency]
// CHECK: {{^}}note: 'events_unbound' (system_unbound_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
	flush_workqueue(system_unbound_wq);
// CHECK: system-workqueues.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events_unbound' [wq-flush-dependency]
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->a, a_fn);
	INIT_WORK(&d->b, b_fn);
	INIT_WORK(&d->c, c_fn);
	INIT_WORK(&d->s, sys_fn);
	queue_work(d->reclaimwq, &d->rw);
	schedule_work(&d->a);
	queue_work(system_wq, &d->b);
	queue_work(system_unbound_wq, &d->c);
	queue_work(system_wq, &d->s);
	return 0;
}

// JSON:      "reclaim_contexts": 1,
// JSON:      "target": {
// JSON-NEXT:   "workqueue": {
// JSON-NEXT:     "name": "events",
// JSON-NEXT:     "key": "system_percpu_wq",
// JSON-NEXT:     "flags": [],
// JSON-NEXT:     "location": null,
// JSON-NEXT:     "builtin": true
// JSON:      "target": {
// JSON-NEXT:   "workqueue": {
// JSON-NEXT:     "name": "events",
// JSON-NEXT:     "key": "system_wq",
// JSON:      "target": {
// JSON-NEXT:   "workqueue": {
// JSON-NEXT:     "name": "events_unbound",
// JSON-NEXT:     "key": "system_unbound_wq",
// JSON-NEXT:     "flags": [
// JSON-NEXT:       "WQ_UNBOUND"
// JSON-NEXT:     ],
// JSON-NEXT:     "location": null,
// JSON-NEXT:     "builtin": true
