// wq-wait-dependency: queue a work item, then wait for a completion the work
// function completes. The same deadlock as flush_work() on a workqueue without
// WQ_MEM_RECLAIM, which check_flush_dependency() never sees. Positive from a
// WQ_MEM_RECLAIM worker and from a PF_MEMALLOC task (with a timeout, said in
// the message); negative when the completion waited for is not the one the
// work completes, when the workqueue has WQ_MEM_RECLAIM, and when the work
// only runs (no reclaim context waits).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s > %t/out.txt
// RUN: FileCheck %s --implicit-check-not=warning: < %t/out.txt
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s --check-prefix=JSON < %t/out.json
// A CI gate can take the check apart from the kernel's own warning:
// RUN: %wqdep -p %t %s --fail-on=none --format=sarif -o %t/out.sarif
// RUN: FileCheck %s --check-prefix=SARIF < %t/out.sarif
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

struct req {
	struct work_struct work;
	struct completion done, other;
};
struct dev {
	struct workqueue_struct *plain_wq, *reclaim_wq, *reclaim2_wq;
	struct work_struct kick;
};
static struct dev d;

static void finish(struct req *r) { complete(&r->done); }

/* Completes through a helper: found by direct calls from the work function. */
static void req_fn(struct work_struct *w)
{
	struct req *r = container_of(w, struct req, work);
	finish(r);
}

static void submit_and_wait(struct req *r)
{
	INIT_WORK(&r->work, req_fn);
	init_completion(&r->done);
	queue_work(d.plain_wq, &r->work);
	wait_for_completion(&r->done);
// CHECK: wait-dependency.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'reclaim':kick_fn waits in wait_for_completion for work item 'struct req::work' queued on !WQ_MEM_RECLAIM 'plain', which completes 'struct req::done' in finish [wq-wait-dependency]
// CHECK: note: kick_fn calls submit_and_wait
// CHECK-NEXT: wait-dependency.c:[[@LINE-3]]:2: note: submit_and_wait calls wait_for_completion, waiting for 'struct req::done'
// CHECK-NEXT: wait-dependency.c:[[@LINE-5]]:2: note: submit_and_wait queues work item 'struct req::work' on 'plain' here (queue_work) and then waits for it
// CHECK-NEXT: wait-dependency.c:31:37: note: finish completes 'struct req::done' here: the wait ends only when a worker of 'plain' has run it
}

/* Waits for another completion than the one the work completes: clean. */
static void waits_for_other(struct req *r)
{
	INIT_WORK(&r->work, req_fn);
	queue_work(d.plain_wq, &r->work);
	wait_for_completion(&r->other);
}

/* The work runs on a WQ_MEM_RECLAIM workqueue: clean. */
struct rreq {
	struct work_struct work;
	struct completion done;
};
static void rreq_fn(struct work_struct *w)
{
	complete(&container_of(w, struct rreq, work)->done);
}
static void submit_reclaim(struct rreq *r)
{
	INIT_WORK(&r->work, rreq_fn);
	queue_work(d.reclaim2_wq, &r->work);
	wait_for_completion(&r->done);
}

static void kick_fn(struct work_struct *w)
{
	struct req r;
	struct rreq rr;
	submit_and_wait(&r);
	waits_for_other(&r);
	submit_reclaim(&rr);
}

/* A PF_MEMALLOC task, with a timeout. */
struct treq {
	struct work_struct work;
	struct completion done;
};
static void treq_fn(struct work_struct *w)
{
	complete(&container_of(w, struct treq, work)->done);
}
void reclaim_path(struct treq *t)
{
	unsigned int f = memalloc_noreclaim_save();
	INIT_WORK(&t->work, treq_fn);
	queue_work(d.plain_wq, &t->work);
	wait_for_completion_timeout(&t->done, 100);
// CHECK: wait-dependency.c:[[@LINE-1]]:2: warning: PF_MEMALLOC task reclaim_path waits in wait_for_completion_timeout (with a timeout) for work item 'struct treq::work' queued on !WQ_MEM_RECLAIM 'plain', which completes 'struct treq::done' in treq_fn [wq-wait-dependency]
	memalloc_noreclaim_restore(f);
}

/* The same pattern outside any reclaim context: clean. */
void plain_path(struct treq *t)
{
	INIT_WORK(&t->work, treq_fn);
	queue_work(d.plain_wq, &t->work);
	wait_for_completion(&t->done);
}

int init(void)
{
	d.plain_wq = alloc_workqueue("plain", 0, 0);
	d.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	d.reclaim2_wq = alloc_workqueue("reclaim2", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&d.kick, kick_fn);
	queue_work(d.reclaim_wq, &d.kick);
	return 0;
}

// JSON: "check": "wq-wait-dependency",
// JSON: "flush": {
// JSON-NEXT: "api": "wait_for_completion",
// JSON: "wait": {
// JSON-NEXT: "completion": "struct req::done",
// JSON-NEXT: "qualifier": "",
// JSON-NEXT: "queue_api": "queue_work",
// JSON: "completer": "finish",

// SARIF: "id": "wq-flush-dependency"
// SARIF: "id": "wq-wait-dependency"
// SARIF: "ruleId": "wq-wait-dependency"
