// SARIF for a flush made inside a driver wrapper (the wrapper calls follow
// the path steps in the thread flow) and of a system workqueue, which has no
// allocation in the program (its related location has a message only). The
// log is valid with files inside the source root (relative URIs) and outside
// it (absolute file: URIs, no uriBaseId).
// RUN: rm -rf %t && mkdir -p %t/root && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --format=json -o %t/out.json
// RUN: %expect-exit 1 %wqdep -p %t --format=sarif --source-root=%S -o %t/in.sarif
// RUN: %python %S/Inputs/check_sarif.py %inputs/sarif/sarif-schema-2.1.0.json %t/in.sarif %t/out.json
// RUN: FileCheck %s --check-prefix=IN < %t/in.sarif
// RUN: %expect-exit 1 %wqdep -p %t --format=sarif --source-root=%t/root -o %t/out.sarif
// RUN: %python %S/Inputs/check_sarif.py %inputs/sarif/sarif-schema-2.1.0.json %t/out.sarif %t/out.json
// RUN: FileCheck %s --check-prefix=OUT < %t/out.sarif
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *reclaimwq, *plainwq;
	struct work_struct rw;
};

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
	d->reclaimwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->plainwq = alloc_workqueue("plainwq", WQ_UNBOUND, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	queue_work(d->reclaimwq, &d->rw);
	return 0;
}

// IN:      "uri": "wrappers-builtin.c",
// IN-NEXT: "uriBaseId": "%SRCROOT%"
// IN:      "text": "reclaim_fn calls dev_flush"
// IN:      "text": "dev_flush calls flush_workqueue, flushing workqueue 'plainwq'"
// IN:      "text": "reclaim_fn calls flush_scheduled_work, flushing workqueue 'events'"
// IN:      "relatedLocations": [
// IN-NEXT:  {
// IN-NEXT:   "id": 1,
// IN-NEXT:   "message": {
// IN-NEXT:    "text": "'events' ({{system_wq|system_percpu_wq}}) is a system workqueue, allocated without WQ_MEM_RECLAIM in workqueue_init_early()"
// IN-NEXT:   }
// IN-NEXT:  },

// OUT-NOT: "uriBaseId"
// OUT:     "uri": "file:///{{.*}}/test/sarif/wrappers-builtin.c"
// OUT-NOT: "uriBaseId"
