/* The seed model: writeback (mm/backing-dev.c, fs/fs-writeback.c). */
#ifndef SEED_BACKING_DEV_H
#define SEED_BACKING_DEV_H
#include <linux/fs.h>
#include <linux/workqueue.h>
#include <linux/writeback.h>

struct bdi_writeback {
	struct delayed_work dwork;	/* work item for writeback */
	struct list_head b_io;
	struct super_block *sb;
	struct inode *inode;
};

extern struct workqueue_struct *bdi_wq;

void wb_workfn(struct work_struct *work);
void wb_wakeup(struct bdi_writeback *wb);
int wb_init(struct bdi_writeback *wb);
#endif
