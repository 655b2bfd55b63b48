// schedule_on_each_cpu(fn) queues fn on the system workqueue on every CPU
// and flushes each: a checked flush of the system workqueue. The spec says
// only "system workqueue": 6.12.117 queues through schedule_work_on(), i.e.
// system_percpu_wq, older trees use system_wq; both are 'events' with flags
// 0, so either key is accepted.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw, pw;
};
static struct dev the_dev;

/* Runs in system workqueue workers, not in the caller: not a context. */
static void percpu_fn(struct work_struct *w)
{
	flush_workqueue(the_dev.plainwq);
}

static void reclaim_fn(struct work_struct *w)
{
	schedule_on_each_cpu(percpu_fn);
// CHECK: schedule-on-each-cpu.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events' [wq-flush-dependency]
// CHECK: schedule-on-each-cpu.c:[[@LINE-2]]:2: note: reclaim_fn calls schedule_on_each_cpu, flushing workqueue 'events'
// CHECK-NEXT: {{^}}note: 'events' ({{system_wq|system_percpu_wq}}) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
}

/* Runs on plainwq, not a reclaim context: not reported. */
static void plain_fn(struct work_struct *w)
{
	schedule_on_each_cpu(percpu_fn);
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
