// Origin witnesses (docs/limits.md, "Object-class witnesses"): a call that
// hands the address of a struct member (`&iod->req`) says what the object
// is, as a container_of() in the callee says what it must be. A loop
// request handed down to complete_req(), whose call through
// ops->queue_response goes to every transport's, cannot reach
// rdma_queue_response(), which takes its request out of a struct rdma_rsp
// (the false path removed); an RDMA request reaches it (the real path
// kept). A request from a pointer (no member taken), or the member at the
// start of its struct (`&first->req`: that struct may itself be inside
// anything), or a member of a union, says nothing (the fallbacks).
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=GONE < %t/on.json
// ON-DAG: "function": "rdma_fn"
// ON-DAG: "function": "pointer_fn"
// ON-DAG: "function": "first_fn"
// ON-DAG: "function": "union_fn"
// GONE-NOT: "function": "loop_fn"
//
// --no-object-witnesses keeps the loop request's route.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-object-witnesses --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// OFF: "function": "loop_fn"
//
// The facts: the member handed, and none for the others.
// RUN: %wqdep-facts -p %t %s | FileCheck %s --check-prefix=FACTS
// FACTS:     "name": "first_fn",
// FACTS-NOT: arg_origins
// FACTS:     "name": "loop_fn",
// FACTS:     "arg_origins":["arg 0: in struct loop_iod::req"]
// FACTS:     "name": "pointer_fn",
// FACTS-NOT: arg_origins
// FACTS:     "name": "rdma_fn",
// FACTS:     "arg_origins":["arg 0: in struct rdma_rsp::req"]
// FACTS:     "name": "union_fn",
// FACTS-NOT: arg_origins
// FACTS:     "name": "complete_req",
#include <linux/workqueue.h>
#include <linux/container_of.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct l, r, p, f, u, plain; } *dev;

struct req;
struct ops { void (*queue_response)(struct req *); };
struct req { int status; struct ops *ops; };
struct loop_iod { long tag; struct req req; };
struct rdma_rsp { long wr; struct req req; };
struct first_iod { struct req req; long tag; };
struct union_iod { long tag; union { struct req req; long raw; } u; };

struct loop_iod *the_iod;
struct rdma_rsp *the_rsp;
struct first_iod *the_first;
struct union_iod *the_union;
struct req *a_req;

static void plain_fn(struct work_struct *w) {}
static void loop_queue_response(struct req *r)
{
	struct loop_iod *iod = container_of(r, struct loop_iod, req);
	iod->tag = 0;
}
static void rdma_queue_response(struct req *r)
{
	struct rdma_rsp *rsp = container_of(r, struct rdma_rsp, req);
	rsp->wr = 0;
	flush_work(&dev->plain);
}
static struct ops loop_ops = { .queue_response = loop_queue_response };
static struct ops rdma_ops = { .queue_response = rdma_queue_response };

void complete_req(struct req *r) { r->ops->queue_response(r); }

static void loop_fn(struct work_struct *w) { complete_req(&the_iod->req); }
static void rdma_fn(struct work_struct *w) { complete_req(&the_rsp->req); }
static void pointer_fn(struct work_struct *w) { complete_req(a_req); }
static void first_fn(struct work_struct *w) { complete_req(&the_first->req); }
static void union_fn(struct work_struct *w) { complete_req(&the_union->u.req); }

void init(int x)
{
	a_req->ops = x ? &loop_ops : &rdma_ops;
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->l, loop_fn);
	INIT_WORK(&dev->r, rdma_fn);
	INIT_WORK(&dev->p, pointer_fn);
	INIT_WORK(&dev->f, first_fn);
	INIT_WORK(&dev->u, union_fn);
	INIT_WORK(&dev->plain, plain_fn);
	queue_work(reclaim_wq, &dev->l);
	queue_work(reclaim_wq, &dev->r);
	queue_work(reclaim_wq, &dev->p);
	queue_work(reclaim_wq, &dev->f);
	queue_work(reclaim_wq, &dev->u);
	queue_work(plain_wq, &dev->plain);
}
