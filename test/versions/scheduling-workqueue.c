// RUN: rm -rf %t && %gen-compdb -o %t/612 %s && %gen-compdb-6.1 -o %t/61 %s
// RUN: %expect-exit 1 %wqdep -p %t/612 --no-db %s 2>&1 | FileCheck %s --check-prefixes=CHECK,V612 --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t/61 --no-db %s 2>&1 | FileCheck %s --check-prefixes=CHECK,V61 --implicit-check-not=warning:
//
// The system workqueue behind schedule_work() and schedule_on_each_cpu()
// differs between versions: 6.12 queues on system_percpu_wq (system_wq is a
// separate, deprecated object), 6.1 on system_wq. schedule_work() is an
// inline wrapper, analysed from the header each tree has;
// schedule_on_each_cpu() is modelled, and takes the workqueue the unit's
// headers declare. Neither is told by a flag.
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq;
struct dev { struct work_struct r, s; } *dev;
static void each_fn(struct work_struct *w) {}
static void sched_fn(struct work_struct *w) {}

static void reclaim_fn(struct work_struct *w)
{
	schedule_on_each_cpu(each_fn);
// CHECK: scheduling-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaim':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events' [wq-flush-dependency]
// CHECK: note: reclaim_fn calls schedule_on_each_cpu, flushing workqueue 'events'
// V612-NEXT: {{^}}note: 'events' (system_percpu_wq) is a system workqueue
// V61-NEXT: {{^}}note: 'events' (system_wq) is a system workqueue
	flush_work(&dev->s);
// CHECK: scheduling-workqueue.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaim':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events':sched_fn [wq-flush-dependency]
// CHECK: note: reclaim_fn calls flush_work, flushing work item 'struct dev::s'
// V612-NEXT: {{^}}note: 'events' (system_percpu_wq) is a system workqueue
// V61-NEXT: {{^}}note: 'events' (system_wq) is a system workqueue
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&dev->r, reclaim_fn);
	INIT_WORK(&dev->s, sched_fn);
	queue_work(reclaim_wq, &dev->r);
	schedule_work(&dev->s);
}
