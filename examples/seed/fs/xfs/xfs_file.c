// The seed model of fs/xfs/xfs_file.c: near ENOSPC, a buffered write
// flushes inodes to free space.
#include <seed/xfs.h>

static ssize_t xfs_file_buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct xfs_mount *mp = XFS_M(file_inode(iocb->ki_filp)->i_sb);

	if (mp->m_free_blocks < 16)	/* -ENOSPC: flush and retry */
		xfs_flush_inodes(mp);
	return 0;
}

ssize_t xfs_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return xfs_file_buffered_write(iocb, from);
}

const struct file_operations xfs_file_operations = {
	.write_iter	= xfs_file_write_iter,
};
