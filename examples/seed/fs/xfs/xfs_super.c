// The seed model of fs/xfs/xfs_super.c: m_sync_workqueue has no
// WQ_MEM_RECLAIM, and xfs_flush_inodes() waits for work queued on it.
#include <seed/xfs.h>

static void xfs_flush_inodes_worker(struct work_struct *work)
{
	struct xfs_mount *mp = container_of(work, struct xfs_mount,
					    m_flush_inodes_work);
	(void)mp;
}

void xfs_flush_inodes(struct xfs_mount *mp)
{
	/*
	 * If flush_work() returns true then that means we waited for a flush
	 * which was already in progress.  Don't bother running another scan.
	 */
	if (flush_work(&mp->m_flush_inodes_work))
		return;

	queue_work(mp->m_sync_workqueue, &mp->m_flush_inodes_work);
	flush_work(&mp->m_flush_inodes_work);
}

int xfs_init_mount_workqueues(struct xfs_mount *mp)
{
	mp->m_sync_workqueue = alloc_workqueue("xfs-sync/%s",
			XFS_WQFLAGS(WQ_FREEZABLE), 0, mp->m_super->s_id);
	if (!mp->m_sync_workqueue)
		return -1;
	INIT_WORK(&mp->m_flush_inodes_work, xfs_flush_inodes_worker);
	return 0;
}
