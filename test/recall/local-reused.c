// One local variable given two allocations in turn, each stored before the
// next (net/sunrpc/sched.c:rpciod_start(): rpciod, then xprtiod, both
// WQ_MEM_RECLAIM). As a whole-function value the local holds two things and
// said nothing; in source order each store takes the allocation the local
// was last given. Near miss: a store after the local was given something
// that is no allocation (the error path's `wq = rpciod_workqueue`) ties
// nothing, and neither does a store of a local given an allocation only on
// a path wqdep does not follow.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s < %t/out.json
#include <linux/workqueue.h>

struct workqueue_struct *rpciod_workqueue, *xprtiod_workqueue, *spare_wq;
struct work_struct r_work, x_work, s_work, plain_work;
struct workqueue_struct *plain_wq;
static void plain_fn(struct work_struct *w) { }
static void flushes(void) { flush_work(&plain_work); }
static void rpc_async_schedule(struct work_struct *w) { flushes(); }
static void xprt_autoclose(struct work_struct *w) { flushes(); }
static void spare_fn(struct work_struct *w) { flushes(); }

// CHECK-DAG: "function": "rpc_async_schedule"
// CHECK-DAG: "function": "xprt_autoclose"
// CHECK-DAG: "key": "rpciod_workqueue"
// CHECK-DAG: "key": "xprtiod_workqueue"
// CHECK-NOT: "function": "spare_fn"

int rpciod_start(void)
{
	struct workqueue_struct *wq;

	wq = alloc_workqueue("rpciod", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (!wq)
		goto out_failed;
	rpciod_workqueue = wq;
	wq = alloc_workqueue("xprtiod", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!wq)
		goto free_rpciod;
	xprtiod_workqueue = wq;
	return 1;
free_rpciod:
	wq = rpciod_workqueue;
	spare_wq = wq;
	rpciod_workqueue = NULL;
	destroy_workqueue(wq);
out_failed:
	return 0;
}

void users(void)
{
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&plain_work, plain_fn);
	queue_work(plain_wq, &plain_work);
	INIT_WORK(&r_work, rpc_async_schedule);
	queue_work(rpciod_workqueue, &r_work);
	INIT_WORK(&x_work, xprt_autoclose);
	queue_work(xprtiod_workqueue, &x_work);
	INIT_WORK(&s_work, spare_fn);
	queue_work(spare_wq, &s_work);
}
