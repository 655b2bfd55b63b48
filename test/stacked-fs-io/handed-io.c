// stacked-fs-io: a sink whose file is the file of a kiocb the function was
// handed continues that I/O (continuesHandedIo(), docs/rule.md). The
// direct-I/O completion worker of a filesystem (on "dio/%s", which has
// WQ_MEM_RECLAIM) finishing an O_DSYNC write syncs the file the write went
// to, through generic_write_sync() -> vfs_fsync_range(iocb->ki_filp): not
// front-end I/O into another filesystem, so not a finding. The same worker
// syncing another file (a lower file it holds, or the file of a kiocb it
// built itself, or of a kiocb parameter's other file) is one.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=-*,stacked-fs-io --max-contexts=0 > %t/out.txt
// RUN: FileCheck %s --implicit-check-not=warning: < %t/out.txt
// The facts keep the parameter as the sink's file (format 9):
// RUN: %wqdep-facts -p %t %s | FileCheck %s --check-prefix=FACTS
#include <linux/workqueue.h>
#include <linux/fs.h>

struct holder { struct file *lower; struct file *other; };
struct dio {
	struct work_struct complete_work, lower_work, built_work, other_work;
	struct kiocb *iocb;
	struct holder *h;
	long size;
};
static struct workqueue_struct *dio_wq;
static struct dio d;

/* include/linux/fs.h's generic_write_sync(): the file of the handed kiocb. */
static inline ssize_t generic_write_sync(struct kiocb *iocb, ssize_t count)
{
	if (iocb->ki_flags & 1) {
		int ret = vfs_fsync_range(iocb->ki_filp, iocb->ki_pos - count,
					  iocb->ki_pos - 1, 1);
		if (ret)
			return ret;
	}
	return count;
}
// FACTS: {"arg_values":[null,null,null,1],"args":["param#0->ki_filp","?","?","?"],"callee":"vfs_fsync_range"

static void dio_complete_work(struct work_struct *w)
{
	struct dio *dio = container_of(w, struct dio, complete_work);
	generic_write_sync(dio->iocb, dio->size);
}

/* Another file: the lower file it holds. */
static void sync_lower(struct holder *h, struct kiocb *iocb)
{
	vfs_fsync_range(h->lower, 0, iocb->ki_pos, 1);
// CHECK: handed-io.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'dio/%s':dio_lower_work writes into vfs_fsync_range with neither
}
static void dio_lower_work(struct work_struct *w)
{
	struct dio *dio = container_of(w, struct dio, lower_work);
	sync_lower(dio->h, dio->iocb);
}

/* A kiocb it built itself, not one it was handed. */
static void sync_built(struct file *f)
{
	struct kiocb k;
	k.ki_filp = f;
	vfs_fsync(k.ki_filp, 1);
// CHECK: handed-io.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'dio/%s':dio_built_work writes into vfs_fsync with neither
}
static void dio_built_work(struct work_struct *w)
{
	struct dio *dio = container_of(w, struct dio, built_work);
	sync_built(dio->h->other);
}

/* A handed kiocb, but the sink is given another file. */
static void write_other(struct kiocb *iocb, struct holder *h)
{
	kernel_write(h->other, 0, 0, &iocb->ki_pos);
// CHECK: handed-io.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'dio/%s':dio_other_work writes into kernel_write with neither
}
static void dio_other_work(struct work_struct *w)
{
	struct dio *dio = container_of(w, struct dio, other_work);
	write_other(dio->iocb, dio->h);
}

void dio_init(void)
{
	dio_wq = alloc_workqueue("dio/%s", WQ_MEM_RECLAIM, 0, "sda1");
	INIT_WORK(&d.complete_work, dio_complete_work);
	INIT_WORK(&d.lower_work, dio_lower_work);
	INIT_WORK(&d.built_work, dio_built_work);
	INIT_WORK(&d.other_work, dio_other_work);
	queue_work(dio_wq, &d.complete_work);
	queue_work(dio_wq, &d.lower_work);
	queue_work(dio_wq, &d.built_work);
	queue_work(dio_wq, &d.other_work);
}
