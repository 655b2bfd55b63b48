// 6.12's alloc_workqueue_lockdep_map() and the
// alloc_ordered_workqueue_lockdep_map() macro over it (which adds
// WQ_UNBOUND | __WQ_ORDERED) are allocation primitives like alloc_workqueue().
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: rm -rf %t.plain && %gen-compdb -o %t.plain -D WQDEP_MOCK_PLAIN_ALLOC_WORKQUEUE %s
// RUN: %expect-exit 1 %wqdep -p %t.plain %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *ordwq, *mapwq, *safewq;
	struct work_struct ow, mw, sw;
};

static struct lockdep_map dev_map;

static void map_fn(struct work_struct *w) { }
static void safe_fn(struct work_struct *w) { }

static void ord_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, ow);

	flush_work(&d->mw);
// CHECK: alloc-lockdep-map.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'ordwq':ord_fn is flushing !WQ_MEM_RECLAIM 'mapwq':map_fn [wq-flush-dependency]
// CHECK-NEXT: alloc-lockdep-map.c:[[#@LINE+7]]:13: note: workqueue 'ordwq' (struct dev::ordwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_UNBOUND|WQ_MEM_RECLAIM|__WQ_ORDERED)
// CHECK: alloc-lockdep-map.c:[[#@LINE+8]]:13: note: workqueue 'mapwq' (struct dev::mapwq) is allocated without WQ_MEM_RECLAIM here (flags: WQ_HIGHPRI)
	flush_work(&d->sw);	/* on safewq: WQ_MEM_RECLAIM */
}

int dev_init(struct dev *d)
{
	d->ordwq = alloc_ordered_workqueue_lockdep_map("ordwq", WQ_MEM_RECLAIM,
						       &dev_map);
	d->mapwq = alloc_workqueue_lockdep_map("mapwq", WQ_HIGHPRI, 0, &dev_map);
	d->safewq = alloc_workqueue_lockdep_map("safewq", WQ_MEM_RECLAIM, 0, &dev_map);
	INIT_WORK(&d->ow, ord_fn);
	INIT_WORK(&d->mw, map_fn);
	INIT_WORK(&d->sw, safe_fn);
	queue_work(d->ordwq, &d->ow);
	queue_work(d->mapwq, &d->mw);
	queue_work(d->safewq, &d->sw);
	return 0;
}
