// The JSON report: flag arrays in bit order, the API as the user wrote it
// (flush_workqueue and flush_scheduled_work, not __flush_workqueue), the
// wrapper steps under "through", and null work items for workqueue flushes.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep --checks=-stacked-fs-io -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s < %t/out.json
// RUN: %python -c "import json, sys; json.load(open(sys.argv[1]))" %t/out.json
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw;
};

/* A driver helper that flushes its parameter. */
static void dev_flush(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);

	dev_flush(d->plainwq);
	flush_scheduled_work();
}

int dev_init(struct dev *d)
{
	d->reclaimwq = alloc_ordered_workqueue("reclaimwq", WQ_MEM_RECLAIM | WQ_HIGHPRI);
	d->plainwq = alloc_workqueue("plainwq", WQ_UNBOUND | WQ_FREEZABLE | WQ_SYSFS, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	queue_work(d->reclaimwq, &d->rw);
	return 0;
}

// CHECK:      "flush_sites": 2,
// CHECK:      "findings": [
// CHECK-NEXT:  {
// CHECK-NEXT:   "check": "wq-flush-dependency",
// CHECK-NEXT:   "message": "WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq'",
// CHECK-NEXT:   "confidence": "direct",
// CHECK-NEXT:   "severity": "warning",
// CHECK-NEXT:   "flush": {
// CHECK-NEXT:    "api": "flush_workqueue",
// CHECK-NEXT:    "function": "reclaim_fn",
// CHECK-NEXT:    "location": {
// CHECK-NEXT:     "file": "{{.*}}json-output.c",
// CHECK-NEXT:     "line": 25,
// CHECK-NEXT:     "column": 2
// CHECK-NEXT:    },
// CHECK-NEXT:    "through": [
// CHECK-NEXT:     {
// CHECK-NEXT:      "function": "dev_flush",
// CHECK-NEXT:      "location": {
// CHECK-NEXT:       "file": "{{.*}}json-output.c",
// CHECK-NEXT:       "line": 18,
// CHECK-NEXT:       "column": 2
// CHECK-NEXT:      },
// CHECK-NEXT:      "resolution": "direct"
// CHECK-NEXT:     }
// CHECK-NEXT:    ]
// CHECK-NEXT:   },
// CHECK-NEXT:   "target": {
// CHECK-NEXT:    "workqueue": {
// CHECK-NEXT:     "name": "plainwq",
// CHECK-NEXT:     "key": "struct dev::plainwq",
// CHECK-NEXT:     "flags": [
// CHECK-NEXT:      "WQ_UNBOUND",
// CHECK-NEXT:      "WQ_FREEZABLE",
// CHECK-NEXT:      "WQ_SYSFS"
// CHECK-NEXT:     ],
// CHECK-NEXT:     "location": {
// CHECK-NEXT:      "file": "{{.*}}json-output.c",
// CHECK-NEXT:      "line": 32,
// CHECK-NEXT:      "column": 15
// CHECK-NEXT:     }
// CHECK-NEXT:    },
// CHECK-NEXT:    "work_item": null,
// CHECK-NEXT:    "work_function": null,
// CHECK-NEXT:    "work_functions": []
// CHECK-NEXT:   },
// CHECK-NEXT:   "contexts": [
// CHECK-NEXT:    {
// CHECK-NEXT:     "kind": "workqueue",
// CHECK-NEXT:     "workqueue": {
// CHECK-NEXT:      "name": "reclaimwq",
// CHECK-NEXT:      "key": "struct dev::reclaimwq",
// CHECK-NEXT:      "flags": [
// CHECK-NEXT:       "WQ_UNBOUND",
// CHECK-NEXT:       "WQ_MEM_RECLAIM",
// CHECK-NEXT:       "WQ_HIGHPRI",
// CHECK-NEXT:       "__WQ_ORDERED"
// CHECK-NEXT:      ],
// CHECK-NEXT:      "location": {
// CHECK-NEXT:       "file": "{{.*}}json-output.c",
// CHECK-NEXT:       "line": 31,
// CHECK-NEXT:       "column": 17
// CHECK-NEXT:      }
// CHECK-NEXT:     },
// CHECK-NEXT:     "work_item": "struct dev::rw",
// CHECK-NEXT:     "function": "reclaim_fn",
// CHECK-NEXT:     "queued_at": {
// CHECK-NEXT:      "file": "{{.*}}json-output.c",
// CHECK-NEXT:      "line": 34,
// CHECK-NEXT:      "column": 2
// CHECK-NEXT:     },
// CHECK-NEXT:     "confidence": "direct",
// CHECK-NEXT:     "path_confidence": "direct",
// CHECK-NEXT:     "wide_hops": 0,
// CHECK-NEXT:     "path": [
// CHECK-NEXT:      {
// CHECK-NEXT:       "function": "reclaim_fn",
// CHECK-NEXT:       "location": {
// CHECK-NEXT:        "file": "{{.*}}json-output.c",
// CHECK-NEXT:        "line": 25,
// CHECK-NEXT:        "column": 2
// CHECK-NEXT:       },
// CHECK-NEXT:       "resolution": "start"
// CHECK-NEXT:      }
// CHECK-NEXT:     ],
// CHECK-NEXT:     "route_count": 1,
// CHECK-NEXT:     "route_count_is_lower_bound": false,
// CHECK-NEXT:     "other_routes": []
// CHECK-NEXT:    }
// CHECK-NEXT:   ]
// CHECK-NEXT:  },
// CHECK-NEXT:  {
// CHECK-NEXT:   "check": "wq-flush-dependency",
// CHECK-NEXT:   "message": "WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'events'",
// CHECK-NEXT:   "confidence": "direct",
// CHECK-NEXT:   "severity": "warning",
// CHECK-NEXT:   "flush": {
// CHECK-NEXT:    "api": "flush_scheduled_work",
// CHECK-NEXT:    "function": "reclaim_fn",
// CHECK-NEXT:    "location": {
// CHECK-NEXT:     "file": "{{.*}}json-output.c",
// CHECK-NEXT:     "line": 26,
// CHECK-NEXT:     "column": 2
// CHECK-NEXT:    },
// CHECK-NEXT:    "through": []
// CHECK-NEXT:   },
// CHECK-NEXT:   "target": {
// CHECK-NEXT:    "workqueue": {
// CHECK-NEXT:     "name": "events",
// CHECK-NEXT:     "key": "system_percpu_wq",
// CHECK-NEXT:     "flags": [],
// CHECK-NEXT:     "location": null,
// CHECK-NEXT:     "builtin": true
// CHECK-NEXT:    },
// CHECK-NEXT:    "work_item": null,
// CHECK-NEXT:    "work_function": null,
// CHECK-NEXT:    "work_functions": []
// CHECK-NEXT:   },
// CHECK-NOT:  __flush_workqueue
