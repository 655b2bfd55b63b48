/* The seed model: XFS (fs/xfs/xfs_mount.h, xfs_super.h). */
#ifndef SEED_XFS_H
#define SEED_XFS_H
#include <linux/fs.h>
#include <linux/workqueue.h>

/* fs/xfs/xfs_super.h, CONFIG_XFS_DEBUG=y */
#define XFS_WQFLAGS(wqflags)	(WQ_SYSFS | (wqflags))

struct xfs_mount {
	struct super_block	*m_super;
	struct workqueue_struct	*m_sync_workqueue;
	struct work_struct	m_flush_inodes_work;
	long			m_free_blocks;
};

static inline struct xfs_mount *XFS_M(struct super_block *sb)
{
	return sb->s_fs_info;
}

void xfs_flush_inodes(struct xfs_mount *mp);
int xfs_init_mount_workqueues(struct xfs_mount *mp);
ssize_t xfs_file_write_iter(struct kiocb *iocb, struct iov_iter *from);
#endif
