// RUN: rm -rf %t && %gen-compdb -o %t %s
// (The model file is written in other_fn below, where its no-call entry
// names a line; the runs with it are at the end of this file.)
//
// Without the model file both workers reach the flush in unsafe_act, each
// through a wide hop (struct ops::act has two stores) or a direct call.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --format=json -o %t/none.json
// RUN: FileCheck %s --check-prefix=NONE < %t/none.json
// NONE-DAG: "function": "reclaim_fn"
// NONE-DAG: "function": "other_fn"
// NONE-DAG: "function": "direct_fn"
//
// With it (the RUN lines at the end): the entry for reclaim_fn removes the false path through the
// slot (the false path it removes); direct_fn's real, direct path to the
// same flush stays (the real path it keeps); the same slot called from
// other_fn, which no entry names, keeps every store (its fallback); the
// no-call entry removes other_fn's call at the one line it names.
// MODEL:      "function": "direct_fn"
// MODEL:      "via": "struct ops::act",
// MODEL-NEXT: "resolution": "all-stores",
// MODEL-NOT:  "function": "reclaim_fn"
// MODEL:      "model": {
// MODEL-NEXT:   "file": "{{.*}}model",
// MODEL-NEXT:   "entries": [
// MODEL-NEXT:     {
// MODEL-NEXT:       "at": "{{.*}}model:2",
// MODEL-NEXT:       "entry": "resolve struct ops::act in reclaim_fn -> safe_act",
// MODEL-NEXT:       "reason": "reclaim_fn only ever sees the safe table",
// MODEL-NEXT:       "applied": true,
// MODEL-NEXT:       "call_sites": 1,
// MODEL-NEXT:       "edges_removed": 1,
// MODEL-NEXT:       "pairs_removed": 1
// MODEL:            "at": "{{.*}}model:3",
// MODEL:            "applied": true,
// MODEL-NEXT:       "call_sites": 1,
// MODEL-NEXT:       "edges_removed": 1,
// MODEL-NEXT:       "pairs_removed": 0
// MODEL:            "at": "{{.*}}model:4",
// MODEL:            "applied": false,
// MODEL-NEXT:       "call_sites": 0,
// MODEL-NEXT:       "edges_removed": 0,
// MODEL-NEXT:       "pairs_removed": null
//
// The text report says the same; --no-model reads the file but applies
// nothing (the NONE report again).
// TEXT: note: model entry {{.*}}model:2 'resolve struct ops::act in reclaim_fn -> safe_act': applied to 1 call, 1 call edge removed, 1 (context, finding) pair removed
// TEXT: note: model entry {{.*}}model:4 'resolve struct ops::act in nobody -> safe_act': applied to no call
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct r, o, d, p; } *dev;
struct ops { void (*act)(void); };
struct holder { struct ops *ops; } *h;

static void plain_fn(struct work_struct *w) {}
static void flushing_helper(void) { flush_work(&dev->p); }
static void safe_act(void) {}
static void unsafe_act(void) { flushing_helper(); }
static struct ops safe_ops = { .act = safe_act };
static struct ops unsafe_ops = { .act = unsafe_act };

static void reclaim_fn(struct work_struct *w) { h->ops->act(); }
static void other_fn(struct work_struct *w)
{
	h->ops->act();
	// RUN: printf '%%s\n' '# reviewed: struct ops::act in reclaim_fn' \
	// RUN:   'resolve struct ops::act in reclaim_fn -> safe_act because: reclaim_fn only ever sees the safe table' \
	// RUN:   'no-call other_fn -> flushing_helper at model-file.c:%(line+2) because: guarded elsewhere' \
	// RUN:   'resolve struct ops::act in nobody -> safe_act because: a stale entry' > %t/model
	flushing_helper();
}
static void direct_fn(struct work_struct *w) { unsafe_act(); }

void init(int x)
{
	h->ops = x ? &safe_ops : &unsafe_ops;
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->r, reclaim_fn);
	INIT_WORK(&dev->o, other_fn);
	INIT_WORK(&dev->d, direct_fn);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->r);
	queue_work(reclaim_wq, &dev->o);
	queue_work(reclaim_wq, &dev->d);
	queue_work(plain_wq, &dev->p);
}
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --model=%t/model --format=json -o %t/model.json
// RUN: FileCheck %s --check-prefix=MODEL < %t/model.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --model=%t/model 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --model=%t/model --no-model --format=json -o %t/off.json
// RUN: diff %t/none.json %t/off.json
