// The JSON shape on the cases the seed lacks: a flush made inside a wrapper
// (flush.function and the last path step are the outer caller, the wrapper
// calls are in "through"), a whole-workqueue flush (work_item and
// work_function null), a system workqueue target (builtin, location null),
// two contexts on one finding, a function-pointer step reached through an
// assignment (via), and a delayed work item.
// RUN: rm -rf %t && %gen-compdb -o %t/db %s
// RUN: %expect-exit 1 %wqdep -p %t/db --format=json %s -o %t/out.json
// RUN: %python %S/Inputs/check_shape.py %t/out.json
// RUN: FileCheck %s < %t/out.json
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, pw;
	struct delayed_work rdw;
};

struct dev_ops {
	void (*sync)(struct dev *d);
};

static void dev_flush_one(struct work_struct *w)
{
	flush_work(w);
}

static void dev_sync_all(struct dev *d)
{
	flush_workqueue(d->pwq);
	flush_scheduled_work();
}

static void plain_fn(struct work_struct *w) { }

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	dev_flush_one(&d->pw);
	dev_sync_all(d);
}

static void reclaim_dfn(struct work_struct *w)
{
	struct dev *d = container_of(to_delayed_work(w), struct dev, rdw);
	struct dev_ops *ops = (struct dev_ops *)d;

	ops->sync(d);
	dev_flush_one(&d->pw);
}

void dev_init(struct dev *d, struct dev_ops *ops)
{
	ops->sync = dev_sync_all;
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", WQ_FREEZABLE, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_DELAYED_WORK(&d->rdw, reclaim_dfn);
	queue_work(d->rwq, &d->rw);
	queue_delayed_work(d->rwq, &d->rdw, 1);
	queue_work(d->pwq, &d->pw);
}

// Findings are ordered by flush location: dev_sync_all's two flushes first.
// CHECK:      "findings": [
// CHECK:        "flush": {
// CHECK-NEXT:     "api": "flush_workqueue",
// CHECK-NEXT:     "function": "dev_sync_all",
// CHECK-NEXT:     "location": {
// CHECK-NEXT:      "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:      "line": [[#30]],
// CHECK:         "target": {
// CHECK-NEXT:     "workqueue": {
// CHECK-NEXT:      "name": "plainwq",
// CHECK-NEXT:      "key": "struct dev::pwq",
// CHECK-NEXT:      "flags": [
// CHECK-NEXT:       "WQ_FREEZABLE"
// CHECK-NEXT:      ],
// CHECK:          "work_item": null,
// CHECK-NEXT:     "work_function": null,
// Two contexts, best evidence first: reclaim_fn calls dev_sync_all directly,
// reclaim_dfn through a function pointer.
// CHECK:         "contexts": [
// CHECK-NEXT:     {
// CHECK-NEXT:      "kind": "workqueue",
// CHECK:           "work_item": "struct dev::rw",
// CHECK-NEXT:      "function": "reclaim_fn",
// CHECK:           "path": [
// CHECK-NEXT:       {
// CHECK-NEXT:        "function": "reclaim_fn",
// CHECK-NEXT:        "location": {
// CHECK-NEXT:         "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:         "line": [[#41]],
// CHECK-NEXT:         "column": 2
// CHECK-NEXT:        },
// CHECK-NEXT:        "resolution": "start"
// CHECK-NEXT:       },
// CHECK-NEXT:       {
// CHECK-NEXT:        "function": "dev_sync_all",
// CHECK-NEXT:        "location": {
// CHECK-NEXT:         "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:         "line": [[#30]],
// CHECK-NEXT:         "column": 2
// CHECK-NEXT:        },
// CHECK-NEXT:        "resolution": "direct"
// CHECK-NEXT:       }
// CHECK-NEXT:      ],
// CHECK-NEXT:      "route_count": 1,
// CHECK-NEXT:      "route_count_is_lower_bound": false,
// CHECK-NEXT:      "other_routes": []
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:      "kind": "workqueue",
// CHECK:           "work_item": "struct dev::rdw.work",
// CHECK-NEXT:      "function": "reclaim_dfn",
// CHECK:           "path": [
// CHECK-NEXT:       {
// CHECK-NEXT:        "function": "reclaim_dfn",
// CHECK-NEXT:        "location": {
// CHECK-NEXT:         "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:         "line": [[#49]],
// CHECK-NEXT:         "column": 2
// CHECK-NEXT:        },
// CHECK-NEXT:        "resolution": "start"
// CHECK-NEXT:       },
// CHECK-NEXT:       {
// CHECK-NEXT:        "function": "dev_sync_all",
// CHECK-NEXT:        "location": {
// CHECK-NEXT:         "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:         "line": [[#30]],
// CHECK-NEXT:         "column": 2
// CHECK-NEXT:        },
// CHECK-NEXT:        "via": "struct dev_ops::sync",
// CHECK-NEXT:        "resolution": "only-store",
// CHECK-NEXT:        "candidates": 1
// CHECK-NEXT:       }
// CHECK-NEXT:      ],
// CHECK-NEXT:      "route_count": 1,
// CHECK-NEXT:      "route_count_is_lower_bound": false,
// CHECK-NEXT:      "other_routes": []
// CHECK-NEXT:     }
// CHECK-NEXT:    ]
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK:          "api": "flush_scheduled_work",
// CHECK-NEXT:     "function": "dev_sync_all",
// CHECK:          "line": [[#31]],
// CHECK:         "target": {
// CHECK-NEXT:     "workqueue": {
// CHECK-NEXT:      "name": "events",
// CHECK-NEXT:      "key": "system_percpu_wq",
// CHECK-NEXT:      "flags": [],
// CHECK-NEXT:      "location": null,
// CHECK-NEXT:      "builtin": true
// CHECK-NEXT:     },
// CHECK-NEXT:     "work_item": null,
// CHECK-NEXT:     "work_function": null,
// The wrapper flush: one finding at the outer call in reclaim_fn, another at
// the one in reclaim_dfn; each path ends in its caller.
// CHECK:          "api": "flush_work",
// CHECK-NEXT:     "function": "reclaim_fn",
// CHECK-NEXT:     "location": {
// CHECK-NEXT:      "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:      "line": [[#40]],
// CHECK-NEXT:      "column": 2
// CHECK-NEXT:     },
// CHECK-NEXT:     "through": [
// CHECK-NEXT:      {
// CHECK-NEXT:       "function": "dev_flush_one",
// CHECK-NEXT:       "location": {
// CHECK-NEXT:        "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:        "line": [[#25]],
// CHECK-NEXT:        "column": 2
// CHECK-NEXT:       },
// CHECK-NEXT:       "resolution": "direct"
// CHECK-NEXT:      }
// CHECK-NEXT:     ]
// CHECK:          "work_item": "struct dev::pw",
// CHECK-NEXT:     "work_function": "plain_fn",
// CHECK:          "path": [
// CHECK-NEXT:       {
// CHECK-NEXT:        "function": "reclaim_fn",
// CHECK-NEXT:        "location": {
// CHECK-NEXT:         "file": "{{/.*}}shape-cases.c",
// CHECK-NEXT:         "line": [[#40]],
// CHECK-NEXT:         "column": 2
// CHECK-NEXT:        },
// CHECK-NEXT:        "resolution": "start"
// CHECK-NEXT:       }
// CHECK-NEXT:      ]
// CHECK:          "api": "flush_work",
// CHECK-NEXT:     "function": "reclaim_dfn",
// CHECK-NOT:      "api":
