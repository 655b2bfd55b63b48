// When the translation unit allocates the system workqueues itself (as
// kernel/workqueue.c's workqueue_init_early() does), those allocations are
// ordinary facts and replace the built-in ones; the report points at them.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON --implicit-check-not=builtin
#include <linux/workqueue.h>

struct workqueue_struct *system_wq __ro_after_init;
struct workqueue_struct *system_percpu_wq __ro_after_init;

void __init workqueue_init_early(void)
{
	system_wq = alloc_workqueue("events", 0, 0);
	system_percpu_wq = alloc_workqueue("events", 0, 0);
}

struct dev {
	struct workqueue_struct *reclaimwq;
	struct work_struct rw, a, b;
};

static void a_fn(struct work_struct *w) { }
static void b_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	flush_work(&d->a);
// CHECK: system-workqueues-allocated.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':a_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::a'
// CHECK-NEXT: system-workqueues-allocated.c:14:14: note: workqueue 'events' (system_wq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
	flush_work(&d->b);
// CHECK: system-workqueues-allocated.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':b_fn [wq-flush-dependency]
// CHECK: system-workqueues-allocated.c:15:21: note: workqueue 'events' (system_percpu_wq) is allocated without WQ_MEM_RECLAIM here (flags: 0)
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->a, a_fn);
	INIT_WORK(&d->b, b_fn);
	queue_work(d->reclaimwq, &d->rw);
	queue_work(system_wq, &d->a);
	schedule_work(&d->b);
	return 0;
}

// The two real allocations replace two of the 11 built-in ones.
// JSON:      "workqueues": 12,
// JSON:      "target": {
// JSON-NEXT:   "workqueue": {
// JSON-NEXT:     "name": "events",
// JSON-NEXT:     "key": "system_wq",
// JSON-NEXT:     "flags": [],
// JSON-NEXT:     "location": {
// JSON-NEXT:       "file": "{{.*}}system-workqueues-allocated.c",
// JSON-NEXT:       "line": 14,
