// work_on_cpu(cpu, fn, arg) (a macro over work_on_cpu_key() in 6.12) queues
// fn on the workqueue schedule_work_on() uses (system_percpu_wq in 6.12,
// system_wq in 6.1: test/versions/scheduling-workqueue.c) and flushes it: a
// checked flush of the system workqueue.
// The finding names the macro the user wrote.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw, pw;
};

/* Runs in a system_percpu_wq worker, not in the caller: not a reclaim context. */
static long on_cpu_fn(void *arg)
{
	struct dev *d = arg;

	flush_workqueue(d->plainwq);
	return 0;
}

static void reclaim_fn(struct work_struct *w)
{
	work_on_cpu(1, on_cpu_fn, container_of(w, struct dev, rw));
// CHECK: work-on-cpu.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events' [wq-flush-dependency]
// CHECK: work-on-cpu.c:[[@LINE-2]]:2: note: reclaim_fn calls work_on_cpu, flushing workqueue 'events'
// CHECK-NEXT: {{^}}note: 'events' (system_percpu_wq) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()
	work_on_cpu_safe(2, on_cpu_fn, container_of(w, struct dev, rw));
// CHECK: work-on-cpu.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events' [wq-flush-dependency]
// CHECK: work-on-cpu.c:[[@LINE-2]]:2: note: reclaim_fn calls work_on_cpu_safe, flushing workqueue 'events'
}

/* Runs on plainwq, not a reclaim context: not reported. */
static void plain_fn(struct work_struct *w)
{
	work_on_cpu(1, on_cpu_fn, NULL);
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
