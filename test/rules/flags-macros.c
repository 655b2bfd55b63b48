// Workqueue flags are evaluated as constant expressions, whatever macros
// and enum constants they are spelled with; alloc_ordered_workqueue() adds
// WQ_UNBOUND | __WQ_ORDERED. The flags are listed by bit, low to high.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// The same with alloc_workqueue() as the plain function of 6.12.117:
// RUN: rm -rf %t.plain && %gen-compdb -o %t.plain -D WQDEP_MOCK_PLAIN_ALLOC_WORKQUEUE %s
// RUN: %expect-exit 1 %wqdep -p %t.plain %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

/* fs/xfs/xfs_super.h */
#define XFS_WQFLAGS(wqflags)	(WQ_SYSFS | (wqflags))
/* A driver's own enum over the kernel's. */
enum { DRV_WQ_FLAGS = WQ_MEM_RECLAIM | WQ_HIGHPRI, DRV_WQ_PERCPU = WQ_PERCPU };
/* Names WQ_MEM_RECLAIM but clears it: the text is not the value. */
#define DRV_NO_RECLAIM(f)	((f) & ~WQ_MEM_RECLAIM)

struct mnt {
	struct workqueue_struct *syncwq, *enumwq, *ordwq, *clearwq;
	struct work_struct sync_work, enum_work, ord_work;
};

static void sync_fn(struct work_struct *w) { }

static void enum_fn(struct work_struct *w)
{
	struct mnt *mp = container_of(w, struct mnt, enum_work);

	flush_work(&mp->sync_work);
// CHECK: flags-macros.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'enumwq':enum_fn is flushing !WQ_MEM_RECLAIM 'xfs-sync/%s':sync_fn [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'enumwq' (struct mnt::enumwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_MEM_RECLAIM|WQ_HIGHPRI|WQ_PERCPU)
// CHECK: note: workqueue 'xfs-sync/%s' (struct mnt::syncwq) is allocated without WQ_MEM_RECLAIM here (flags: WQ_FREEZABLE|WQ_SYSFS)
}

static void ord_fn(struct work_struct *w)
{
	struct mnt *mp = container_of(w, struct mnt, ord_work);

	flush_workqueue(mp->clearwq);
// CHECK: flags-macros.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'ordwq':ord_fn is flushing !WQ_MEM_RECLAIM 'clearwq' [wq-flush-dependency]
// CHECK-NEXT: note: workqueue 'ordwq' (struct mnt::ordwq) is allocated with WQ_MEM_RECLAIM here (flags: WQ_UNBOUND|WQ_MEM_RECLAIM|WQ_SYSFS|__WQ_ORDERED)
// CHECK: note: workqueue 'clearwq' (struct mnt::clearwq) is allocated without WQ_MEM_RECLAIM here (flags: WQ_FREEZABLE)
	flush_workqueue(mp->enumwq);	/* has WQ_MEM_RECLAIM */
}

int mnt_init(struct mnt *mp, const char *fsname)
{
	mp->syncwq = alloc_workqueue("xfs-sync/%s", XFS_WQFLAGS(WQ_FREEZABLE), 0, fsname);
	mp->enumwq = alloc_workqueue("enumwq", DRV_WQ_FLAGS | DRV_WQ_PERCPU, 0);
	mp->ordwq = alloc_ordered_workqueue("ordwq", XFS_WQFLAGS(WQ_MEM_RECLAIM));
	mp->clearwq = alloc_workqueue("clearwq", DRV_NO_RECLAIM(WQ_MEM_RECLAIM | WQ_FREEZABLE), 0);
	INIT_WORK(&mp->sync_work, sync_fn);
	INIT_WORK(&mp->enum_work, enum_fn);
	INIT_WORK(&mp->ord_work, ord_fn);
	queue_work(mp->syncwq, &mp->sync_work);
	queue_work(mp->enumwq, &mp->enum_work);
	queue_work(mp->ordwq, &mp->ord_work);
	return 0;
}
