// A context's first route is the one with the fewest wide hops (calls
// through a slot resolved to every one of several functions stored into
// it), then the shortest: the NVMe target shape of 6.12, where a worker
// reaches a filesystem flush in two wide hops (a block completion and a
// filesystem's kill_sb) but its real route goes through its own back end's
// only ->execute callback and then one wide hop, write_iter, is longer.
// Before routes were ranked, the shortest route came first.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>

struct workqueue_struct *target_wq, *fs_wq;
struct work_struct fs_work;
static void fs_work_fn(struct work_struct *w) { }

struct bio { void (*bi_end_io)(struct bio *); };
struct fs_type { void (*kill_sb)(void *sb); };
struct file_ops { long (*write_iter)(void *iocb); };
struct backend_ops { void (*execute)(void *cmd); };

static void fs_flush_inodes(void)
{
	flush_work(&fs_work);
}
// CHECK: warning: WQ_MEM_RECLAIM 'nvmet-wq':nvmet_execute_work is flushing !WQ_MEM_RECLAIM 'fs-sync':fs_work_fn
// CHECK-NEXT: note: workqueue 'nvmet-wq'
// CHECK-NEXT: note: work item 'struct nvmet_req::work' (nvmet_execute_work)
// CHECK-NEXT: note: nvmet_execute_work calls nvmet_file_execute through 'struct backend_ops::execute'
// CHECK-NEXT: note: nvmet_file_execute calls nvmet_file_submit
// CHECK-NEXT: note: nvmet_file_submit calls fs_write_iter through 'struct file_ops::write_iter'
// CHECK-NEXT: note: fs_write_iter calls fs_buffered_write
// CHECK-NEXT: note: fs_buffered_write calls fs_flush_inodes
// CHECK-NEXT: note: fs_flush_inodes calls flush_work

/* The filesystem: write_iter reaches the flush; so does its kill_sb. */
static void fs_buffered_write(void) { fs_flush_inodes(); }
static long fs_write_iter(void *iocb) { fs_buffered_write(); return 0; }
static long other_write_iter(void *iocb) { return 0; }
static void fs_kill_sb(void *sb) { fs_flush_inodes(); }
static void other_kill_sb(void *sb) { }
struct file_ops fs_fops = { .write_iter = fs_write_iter };
struct file_ops other_fops = { .write_iter = other_write_iter };
struct fs_type fs_type = { .kill_sb = fs_kill_sb };
struct fs_type other_type = { .kill_sb = other_kill_sb };

/* A block completion that puts a superblock: the short, wide way. */
static void deactivate_super(void *sb, struct fs_type *t) { t->kill_sb(sb); }
static void some_end_io(struct bio *b) { deactivate_super(b, &other_type); }
static void other_end_io(struct bio *b) { }
struct bio some_bio = { .bi_end_io = some_end_io };
struct bio other_bio = { .bi_end_io = other_end_io };

/* The NVMe target: its file back end's only execute callback. */
struct nvmet_req {
	struct work_struct work;
	struct bio *bio;
	struct backend_ops *ops;
	struct file_ops *fops;
};
static void nvmet_file_submit(struct nvmet_req *req) { req->fops->write_iter(req); }
static void nvmet_file_execute(void *cmd) { nvmet_file_submit(cmd); }
struct backend_ops file_backend = { .execute = nvmet_file_execute };

static void nvmet_execute_work(struct work_struct *w)
{
	struct nvmet_req *req = container_of(w, struct nvmet_req, work);

	req->bio->bi_end_io(req->bio);
	req->ops->execute(req);
}

void setup(struct nvmet_req *req)
{
	target_wq = alloc_workqueue("nvmet-wq", WQ_MEM_RECLAIM, 0);
	fs_wq = alloc_workqueue("fs-sync", 0, 0);
	INIT_WORK(&fs_work, fs_work_fn);
	queue_work(fs_wq, &fs_work);
	INIT_WORK(&req->work, nvmet_execute_work);
	queue_work(target_wq, &req->work);
}
