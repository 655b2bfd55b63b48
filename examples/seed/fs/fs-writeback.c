// The seed model of fs/fs-writeback.c: the flusher work function down to
// do_writepages().
#include <seed/backing-dev.h>

void wb_wakeup(struct bdi_writeback *wb)
{
	mod_delayed_work(bdi_wq, &wb->dwork, 0);
}

static int __writeback_single_inode(struct inode *inode,
				    struct writeback_control *wbc)
{
	return do_writepages(inode->i_mapping, wbc);
}

static long writeback_sb_inodes(struct super_block *sb,
				struct bdi_writeback *wb,
				struct writeback_control *wbc)
{
	return __writeback_single_inode(wb->inode, wbc);
}

static long __writeback_inodes_wb(struct bdi_writeback *wb,
				  struct writeback_control *wbc)
{
	return writeback_sb_inodes(wb->sb, wb, wbc);
}

static long wb_writeback(struct bdi_writeback *wb)
{
	struct writeback_control wbc = { .sync_mode = WB_SYNC_NONE };

	return __writeback_inodes_wb(wb, &wbc);
}

static long wb_do_writeback(struct bdi_writeback *wb)
{
	return wb_writeback(wb);
}

void wb_workfn(struct work_struct *work)
{
	struct bdi_writeback *wb = container_of(to_delayed_work(work),
						struct bdi_writeback, dwork);

	wb_do_writeback(wb);
}
