// A work item inside an inner struct is one work item however it is
// reached: bound through the outer object (INIT_WORK(&q->sq.work, fn)),
// queued through a pointer to the inner struct (sq = &q->sq;
// queue_work(wq, &sq->work)), and through an array of outer structs
// (&dev->queues[i].sq.work). The workqueue API's own wrappers are not
// inner structs: a delayed_work in two different structs stays two work
// items (struct a::dwork.work, struct b::dwork.work), so queueing one never
// runs the other's function (the near miss).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --max-contexts=0 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=b_fn
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct work_struct plain_work;
static void plain_fn(struct work_struct *w) { }

static void flushes(void)
{
	flush_work(&plain_work);
}
// CHECK: warning: WQ_MEM_RECLAIM 'reclaim':{{a_fn|f_fn|sq_fn}} is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 2 more reclaim contexts)
// CHECK-DAG: note: work item 'struct nvmet_sq::work' (sq_fn) is queued on 'reclaim' here
// CHECK-DAG: note: work item 'struct a::dwork.work' (a_fn) is queued on 'reclaim' here
// CHECK-DAG: note: work item 'struct req::f.work' (f_fn) is queued on 'reclaim' here
// CHECK-NOT: b_fn

struct nvmet_sq {
	int qid;
	struct work_struct work;
};

struct nvme_loop_queue {
	int flags;
	struct nvmet_sq sq;
};

struct nvme_loop_ctrl {
	struct nvme_loop_queue queues[4];
};

static void sq_fn(struct work_struct *w) { flushes(); }

void ctrl_init(struct nvme_loop_ctrl *ctrl, int i)
{
	INIT_WORK(&ctrl->queues[i].sq.work, sq_fn);
}

void queue_init(struct nvme_loop_queue *q)
{
	INIT_WORK(&q->sq.work, sq_fn);
}

void sq_kick(struct nvme_loop_ctrl *ctrl, int cpu)
{
	struct nvmet_sq *sq = &ctrl->queues[cpu].sq;

	queue_work(reclaim_wq, &sq->work);
}

/* Two structs with a delayed_work each; only a's is queued on reclaim_wq. */
struct a { struct delayed_work dwork; };
struct b { struct delayed_work dwork; };
static void a_fn(struct work_struct *w) { flushes(); }
static void b_fn(struct work_struct *w) { flushes(); }

void a_init(struct a *x)
{
	INIT_DELAYED_WORK(&x->dwork, a_fn);
	queue_delayed_work(reclaim_wq, &x->dwork, 1);
}

void b_init(struct b *x)
{
	INIT_DELAYED_WORK(&x->dwork, b_fn);
	queue_delayed_work(plain_wq, &x->dwork, 1);
}

void setup(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&plain_work, plain_fn);
	queue_work(plain_wq, &plain_work);
}

/* A named member of an unnamed struct type is part of the name: f.work and
 * b.work are two work items of struct req (struct req::f.work,
 * struct req::b.work), and only f's is queued on reclaim_wq. */
struct req {
	union {
		struct { int n; struct work_struct work; } f;
		struct { long m; struct work_struct work; } b;
	};
};
static void f_fn(struct work_struct *w) { flushes(); }
static void b_fn2(struct work_struct *w) { flushes(); }

void req_init(struct req *r)
{
	INIT_WORK(&r->f.work, f_fn);
	INIT_WORK(&r->b.work, b_fn2);
	queue_work(reclaim_wq, &r->f.work);
	queue_work(plain_wq, &r->b.work);
}
