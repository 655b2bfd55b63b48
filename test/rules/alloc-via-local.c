// An allocation is often kept in a local variable, checked, and only then
// stored (fs/xfs/xfs_super.c): the workqueue is named by where it is finally
// stored, and the note points at the allocation itself.
// alloc_workqueue() as the plain function of 6.12.117:
// RUN: rm -rf %t.plain && %gen-compdb -o %t.plain -D WQDEP_MOCK_PLAIN_ALLOC_WORKQUEUE %s
// RUN: %expect-exit 1 %wqdep -p %t.plain %s | FileCheck %s --implicit-check-not=warning:
// The default mock: alloc_workqueue() wrapped in the alloc_hooks() statement
// expression of later trees (the value is the `_res` local inside it):
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json | FileCheck %s --check-prefix=JSON
#include <linux/workqueue.h>

#define ENOMEM 12

struct xfs_mount {
	const char *m_super_id;
	struct workqueue_struct *m_reclaim_workqueue, *m_sync_workqueue;
	struct work_struct m_reclaim_work, m_flush_inodes_work;
};

static void xfs_flush_inodes_worker(struct work_struct *w) { }

static void xfs_reclaim_worker(struct work_struct *w)
{
	struct xfs_mount *mp = container_of(w, struct xfs_mount, m_reclaim_work);

	flush_work(&mp->m_flush_inodes_work);
// CHECK: alloc-via-local.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'xfs-reclaim/%s':xfs_reclaim_worker is flushing !WQ_MEM_RECLAIM 'xfs-sync/%s':xfs_flush_inodes_worker [wq-flush-dependency]
// CHECK-NEXT: alloc-via-local.c:[[#@LINE+11]]:7: note: workqueue 'xfs-reclaim/%s' (struct xfs_mount::m_reclaim_workqueue) is allocated with WQ_MEM_RECLAIM here (flags: WQ_FREEZABLE|WQ_MEM_RECLAIM)
// CHECK-NEXT: note: work item 'struct xfs_mount::m_reclaim_work' (xfs_reclaim_worker) is queued on 'xfs-reclaim/%s' here
// CHECK-NEXT: note: xfs_reclaim_worker calls flush_work, flushing work item 'struct xfs_mount::m_flush_inodes_work'
// CHECK-NEXT: alloc-via-local.c:[[#@LINE+21]]:32: note: workqueue 'xfs-sync/%s' (struct xfs_mount::m_sync_workqueue) is allocated without WQ_MEM_RECLAIM here (flags: WQ_FREEZABLE)
}

int xfs_init_mount_workqueues(struct xfs_mount *mp)
{
	struct workqueue_struct *wq;

	/* Assigned after the declaration, checked, then stored. */
	wq = alloc_workqueue("xfs-reclaim/%s", WQ_MEM_RECLAIM | WQ_FREEZABLE,
			     0, mp->m_super_id);
	if (!wq)
		return -ENOMEM;
	mp->m_reclaim_workqueue = wq;
	INIT_WORK(&mp->m_reclaim_work, xfs_reclaim_worker);
	queue_work(mp->m_reclaim_workqueue, &mp->m_reclaim_work);
	return 0;
}

int xfs_init_sync_workqueue(struct xfs_mount *mp)
{
	/* Initialised in the declaration. */
	struct workqueue_struct *wq = alloc_workqueue("xfs-sync/%s", WQ_FREEZABLE, 0,
						      mp->m_super_id);

	if (!wq)
		return -ENOMEM;
	mp->m_sync_workqueue = wq;
	INIT_WORK(&mp->m_flush_inodes_work, xfs_flush_inodes_worker);
	queue_work(mp->m_sync_workqueue, &mp->m_flush_inodes_work);
	return 0;
}

// JSON:      "workqueues": 13,
// JSON:      "reclaim_contexts": 1,
// JSON-NEXT: "findings": 1
