// Five reclaim contexts (work functions on two WQ_MEM_RECLAIM workqueues)
// reach one flush: one finding whose message counts the other four. Text
// shows --max-contexts of them (default 3) and a note for the rest;
// --max-contexts=0 shows all. Contexts are ordered by workqueue name, then
// function.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s 2>/dev/null | FileCheck %s --check-prefixes=CHECK,DEF --implicit-check-not=warning: --implicit-check-not="is queued"
// RUN: %expect-exit 1 %wqdep -p %t --max-contexts=0 %s 2>/dev/null | FileCheck %s --check-prefixes=CHECK,ALL --implicit-check-not=warning: --implicit-check-not="is queued" --implicit-check-not=more
// RUN: %expect-exit 1 %wqdep -p %t --max-contexts=4 %s 2>/dev/null | FileCheck %s --check-prefix=FOUR --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t --format=json %s 2>/dev/null | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *awq, *bwq, *pwq;
	struct work_struct a1, a2, b1, b2, b3, pw;
};

static void sync_dev(struct dev *d)
{
	flush_work(&d->pw);
// CHECK:      many-contexts.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'a-reclaim':a1_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn (and 4 more reclaim contexts) [wq-flush-dependency]
// CHECK:      note: work item 'struct dev::a1' (a1_fn) is queued on 'a-reclaim'
// CHECK:      note: a1_fn calls sync_dev
// CHECK:      note: work item 'struct dev::a2' (a2_fn) is queued on 'a-reclaim'
// CHECK:      note: a2_fn calls sync_dev
// CHECK:      note: work item 'struct dev::b1' (b1_fn) is queued on 'b-reclaim'
// CHECK:      note: b1_fn calls sync_dev
// DEF-NEXT:   note: sync_dev calls flush_work
// DEF-NEXT:   {{^}}note: 2 more reclaim contexts reach this flush
// ALL:        note: work item 'struct dev::b2' (b2_fn) is queued on 'b-reclaim'
// ALL:        note: b2_fn calls sync_dev
// ALL:        note: work item 'struct dev::b3' (b3_fn) is queued on 'b-reclaim'
// ALL:        note: b3_fn calls sync_dev
// ALL-NEXT:   note: sync_dev calls flush_work
// CHECK-NEXT: note: workqueue 'plainwq' (struct dev::pwq) is allocated without WQ_MEM_RECLAIM

// FOUR:       warning: {{.*}} (and 4 more reclaim contexts)
// FOUR:       (b2_fn) is queued
// FOUR-NOT:   (b3_fn) is queued
// FOUR:       {{^}}note: 1 more reclaim context reaches this flush

// JSON:       "findings": [
// JSON-COUNT-5: "kind": "workqueue",
// JSON-NOT:   "kind":
}

static void plain_fn(struct work_struct *w) { }
static void b3_fn(struct work_struct *w) { sync_dev(container_of(w, struct dev, b3)); }
static void b2_fn(struct work_struct *w) { sync_dev(container_of(w, struct dev, b2)); }
static void b1_fn(struct work_struct *w) { sync_dev(container_of(w, struct dev, b1)); }
static void a2_fn(struct work_struct *w) { sync_dev(container_of(w, struct dev, a2)); }
static void a1_fn(struct work_struct *w) { sync_dev(container_of(w, struct dev, a1)); }

void dev_init(struct dev *d)
{
	d->bwq = alloc_workqueue("b-reclaim", WQ_MEM_RECLAIM, 0);
	d->awq = alloc_workqueue("a-reclaim", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->b3, b3_fn);
	INIT_WORK(&d->b2, b2_fn);
	INIT_WORK(&d->b1, b1_fn);
	INIT_WORK(&d->a2, a2_fn);
	INIT_WORK(&d->a1, a1_fn);
	INIT_WORK(&d->pw, plain_fn);
	queue_work(d->bwq, &d->b3);
	queue_work(d->bwq, &d->b2);
	queue_work(d->bwq, &d->b1);
	queue_work(d->awq, &d->a2);
	queue_work(d->awq, &d->a1);
	queue_work(d->pwq, &d->pw);
}
