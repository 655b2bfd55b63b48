// stacked-fs-io: the back end of writeback (here, workers of a WQ_MEM_RECLAIM
// workqueue, as wb_workfn is on "writeback") doing front-end file I/O into a
// filesystem. Each worker takes one shape of the seed thread:
//  - the seed's original NFS localio: ->write_iter called straight from the
//    writeback path, no flags: a warning;
//  - the released localio: the I/O is queued to a plain workqueue whose
//    worker sets PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO around it: clean; the
//    same with the flags deleted: a warning whose path crosses the queue;
//  - the loop driver: queued to a plain workqueue, the worker sets the flags
//    and restores them, and the I/O is two calls below: clean; the same with
//    the flags deleted: a warning;
//  - half a scope (memalloc_noio_save() alone, PF_LOCAL_THROTTLE alone, a
//    PF_MEMALLOC scope): a note naming the missing half;
//  - memalloc_nofs_save() alone counts for nothing: a warning;
//  - I/O after the scope is restored is not covered: a warning;
//  - the same I/O from a function no reclaim context reaches: nothing.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --max-contexts=0 > %t/out.txt
// Findings come best evidence first: the direct ones (CHECK), then those
// whose path crosses a queue (QUEUED); eight in all.
// RUN: FileCheck %s < %t/out.txt
// RUN: FileCheck %s --check-prefix=QUEUED < %t/out.txt
// RUN: grep -c -E ': (warning|remark): ' %t/out.txt | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}8{{$}}
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --format=json -o %t/out.json
// RUN: FileCheck %s --check-prefix=JSON < %t/out.json
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --format=sarif -o %t/out.sarif
// RUN: FileCheck %s --check-prefix=SARIF < %t/out.sarif
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --format=github > %t/out.gh
// RUN: FileCheck %s --check-prefix=GH < %t/out.gh
// The flush checks have nothing to say here, and do not run this check:
// RUN: %wqdep -p %t %s --checks=-stacked-fs-io > %t/flush.txt
// RUN: FileCheck %s --check-prefix=FLUSH < %t/flush.txt
// FLUSH-NOT: stacked-fs-io
#include <linux/workqueue.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

struct lower_file { struct file *file; struct iov_iter *iter; struct kiocb kiocb; };
struct localio_iocb { struct work_struct work; struct lower_file *lf; };
struct loop_device {
	struct workqueue_struct *workqueue;
	struct work_struct work;
	struct lower_file *lf;
};
/* Work items are named by type and field: the variant without flags has a
 * device type of its own, or each worker would run the other's items. */
struct loop_device_noflags {
	struct workqueue_struct *workqueue;
	struct work_struct work;
	struct lower_file *lf;
};

static ssize_t lowerfs_write_iter(struct kiocb *iocb, struct iov_iter *from) { return 0; }
static ssize_t lowerfs_read_iter(struct kiocb *iocb, struct iov_iter *to) { return 0; }
static const struct file_operations lowerfs_fops = {
	.write_iter = lowerfs_write_iter,
	.read_iter = lowerfs_read_iter,
};

struct back_end {
	struct workqueue_struct *writeback_wq, *nfslocaliod_wq, *plain_wq;
	struct work_struct seed, localio, localio_noflags, loop, loop_noflags,
		noio, throttle, memalloc, nofs, after, local_work,
		local_noflags_work;
	struct localio_iocb iocb, iocb_noflags;
	struct loop_device lo;
	struct loop_device_noflags lo_noflags;
	struct lower_file *lf;
};
static struct back_end b;

/* 1. The seed's original localio: straight into ->write_iter. */
static void nfs_do_local_write(struct lower_file *lf)
{
	lf->file->f_op->write_iter(&lf->kiocb, lf->iter);
// CHECK: shapes.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'writeback':seed_writeback_fn writes into 'struct file_operations::write_iter' (lowerfs_write_iter) with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set [stacked-fs-io] (confidence: direct)
// CHECK: note: seed_writeback_fn calls nfs_do_local_write
// CHECK: note: nfs_do_local_write calls through 'struct file_operations::write_iter', front-end file I/O into a filesystem with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set
// CHECK: note: the only function stored into 'struct file_operations::write_iter' is lowerfs_write_iter
}
static void seed_writeback_fn(struct work_struct *w) { nfs_do_local_write(b.lf); }

/* 2. The released localio: a worker of its own sets both flags. */
static void nfs_local_call_write(struct work_struct *work)
{
	struct localio_iocb *iocb = container_of(work, struct localio_iocb, work);
	unsigned long old_flags = current->flags;

	current->flags |= PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO;
	iocb->lf->file->f_op->write_iter(&iocb->lf->kiocb, iocb->lf->iter);
	current->flags = old_flags;
}
static void localio_writeback_fn(struct work_struct *w)
{
	INIT_WORK(&b.iocb.work, nfs_local_call_write);
	queue_work(b.nfslocaliod_wq, &b.iocb.work);
}

/* 2'. The same with the flags deleted: reported, through the queue. */
static void nfs_local_call_write_noflags(struct work_struct *work)
{
	struct localio_iocb *iocb = container_of(work, struct localio_iocb, work);

	iocb->lf->file->f_op->write_iter(&iocb->lf->kiocb, iocb->lf->iter);
// QUEUED: shapes.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'writeback':localio_noflags_writeback_fn writes into 'struct file_operations::write_iter' (lowerfs_write_iter) with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set [stacked-fs-io]
// QUEUED: note: localio_noflags_writeback_fn queues work item 'struct localio_iocb::work', whose worker runs nfs_local_call_write_noflags (its worker, a task of its own: task flags start again from none)
// QUEUED: note: nfs_local_call_write_noflags calls through 'struct file_operations::write_iter'
}
static void localio_noflags_writeback_fn(struct work_struct *w)
{
	INIT_WORK(&b.iocb_noflags.work, nfs_local_call_write_noflags);
	queue_work(b.nfslocaliod_wq, &b.iocb_noflags.work);
}

/* 3. The loop driver: the worker sets the flags, the I/O is below. */
static void lo_rw_aio(struct lower_file *lf)
{
	lf->file->f_op->write_iter(&lf->kiocb, lf->iter);
	vfs_fsync(lf->file, 0);
}
static void loop_handle_cmd(struct loop_device *lo) { lo_rw_aio(lo->lf); }
static void loop_process_work(struct loop_device *lo)
{
	unsigned int orig_flags = current->flags;

	current->flags |= PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO;
	loop_handle_cmd(lo);
	current_restore_flags(orig_flags, PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO);
}
static void loop_workfn(struct work_struct *work)
{
	loop_process_work(container_of(work, struct loop_device, work));
}
static void loop_queue_work(struct loop_device *lo)
{
	queue_work(lo->workqueue, &lo->work);
}
static void loop_writeback_fn(struct work_struct *w)
{
	loop_queue_work(&b.lo);
}

/* 3'. The loop driver with the flags deleted. */
static void lo_rw_aio_noflags(struct lower_file *lf)
{
	vfs_iter_write(lf->file, lf->iter, &lf->kiocb.ki_pos, 0);
// QUEUED: shapes.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'writeback':loop_noflags_writeback_fn writes into vfs_iter_write with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set [stacked-fs-io]
// QUEUED: note: loop_noflags_writeback_fn calls loop_noflags_queue_work
// QUEUED: note: loop_noflags_queue_work queues work item 'struct loop_device_noflags::work', whose worker runs loop_noflags_workfn
// QUEUED: note: loop_noflags_workfn calls lo_rw_aio_noflags
// QUEUED: note: lo_rw_aio_noflags calls vfs_iter_write, front-end file I/O into a filesystem with neither
}
static void loop_noflags_workfn(struct work_struct *work)
{
	struct loop_device_noflags *lo =
		container_of(work, struct loop_device_noflags, work);
	lo_rw_aio_noflags(lo->lf);
}
static void loop_noflags_queue_work(struct loop_device_noflags *lo)
{
	INIT_WORK(&lo->work, loop_noflags_workfn);
	queue_work(lo->workqueue, &lo->work);
}
static void loop_noflags_writeback_fn(struct work_struct *w)
{
	loop_noflags_queue_work(&b.lo_noflags);
}

/* 4. Half a scope: NOIO alone lacks the throttling half. */
static void noio_fn(struct work_struct *w)
{
	unsigned int noio = memalloc_noio_save();

	kernel_write(b.lf->file, "x", 1, &b.lf->kiocb.ki_pos);
// CHECK: shapes.c:[[@LINE-1]]:2: remark: WQ_MEM_RECLAIM 'writeback':noio_fn writes into kernel_write with PF_MEMALLOC_NOIO set but not PF_LOCAL_THROTTLE [stacked-fs-io]
	memalloc_noio_restore(noio);
}

/* 5. PF_LOCAL_THROTTLE alone (nfsd on loopback) lacks the reclaim half. */
static void throttle_fn(struct work_struct *w)
{
	unsigned long old = current->flags;

	current->flags |= PF_LOCAL_THROTTLE;
	kernel_read(b.lf->file, 0, 1, &b.lf->kiocb.ki_pos);
// CHECK: shapes.c:[[@LINE-1]]:2: remark: WQ_MEM_RECLAIM 'writeback':throttle_fn reads from kernel_read with PF_LOCAL_THROTTLE set but not PF_MEMALLOC_NOIO [stacked-fs-io]
	current_restore_flags(old, PF_LOCAL_THROTTLE);
}

/* 6. A PF_MEMALLOC scope: no reclaim recursion, but no local throttling. */
static void memalloc_fn(struct work_struct *w)
{
	unsigned int noreclaim = memalloc_noreclaim_save();

	vfs_fsync_range(b.lf->file, 0, 1, 0);
// CHECK: shapes.c:[[@LINE-1]]:2: remark: PF_MEMALLOC task memalloc_fn writes into vfs_fsync_range with PF_MEMALLOC set but not PF_LOCAL_THROTTLE (and 1 more reclaim context) [stacked-fs-io]
	memalloc_noreclaim_restore(noreclaim);
}

/* 7. NOFS alone counts for nothing. */
static void nofs_fn(struct work_struct *w)
{
	unsigned int nofs = memalloc_nofs_save();

	vfs_iter_read(b.lf->file, b.lf->iter, &b.lf->kiocb.ki_pos, 0);
// CHECK: shapes.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'writeback':nofs_fn reads from vfs_iter_read with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set [stacked-fs-io]
	memalloc_nofs_restore(nofs);
}

/* 8. After the scope is restored, the I/O is not covered. */
static void after_fn(struct work_struct *w)
{
	unsigned long old = current->flags;

	current->flags |= PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO;
	kernel_write(b.lf->file, "y", 1, &b.lf->kiocb.ki_pos);
	current_restore_flags(old, PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO);
	kernel_write(b.lf->file, "z", 1, &b.lf->kiocb.ki_pos);
// CHECK: shapes.c:[[@LINE-1]]:2: warning: WQ_MEM_RECLAIM 'writeback':after_fn writes into kernel_write with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set [stacked-fs-io]
}

/* 9. Not a reclaim context: a plain worker doing the same I/O. */
static void plain_fn(struct work_struct *w)
{
	kernel_write(b.lf->file, "w", 1, &b.lf->kiocb.ki_pos);
}

void setup(void)
{
	b.writeback_wq = alloc_workqueue("writeback", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	b.nfslocaliod_wq = alloc_workqueue("nfslocaliod", WQ_UNBOUND, 0);
	b.plain_wq = alloc_workqueue("plain", WQ_UNBOUND, 0);
	b.lo.workqueue = alloc_workqueue("loop%d", WQ_UNBOUND | WQ_FREEZABLE, 0, 0);
	b.lo_noflags.workqueue = b.lo.workqueue;
	INIT_WORK(&b.lo.work, loop_workfn);
	INIT_WORK(&b.seed, seed_writeback_fn);
	INIT_WORK(&b.localio, localio_writeback_fn);
	INIT_WORK(&b.localio_noflags, localio_noflags_writeback_fn);
	INIT_WORK(&b.loop, loop_writeback_fn);
	INIT_WORK(&b.loop_noflags, loop_noflags_writeback_fn);
	INIT_WORK(&b.noio, noio_fn);
	INIT_WORK(&b.throttle, throttle_fn);
	INIT_WORK(&b.memalloc, memalloc_fn);
	INIT_WORK(&b.nofs, nofs_fn);
	INIT_WORK(&b.after, after_fn);
	INIT_WORK(&b.local_work, plain_fn);
	queue_work(b.writeback_wq, &b.seed);
	queue_work(b.writeback_wq, &b.localio);
	queue_work(b.writeback_wq, &b.localio_noflags);
	queue_work(b.writeback_wq, &b.loop);
	queue_work(b.writeback_wq, &b.loop_noflags);
	queue_work(b.writeback_wq, &b.noio);
	queue_work(b.writeback_wq, &b.throttle);
	queue_work(b.writeback_wq, &b.memalloc);
	queue_work(b.writeback_wq, &b.nofs);
	queue_work(b.writeback_wq, &b.after);
	queue_work(b.plain_wq, &b.local_work);
}
// JSON: "check": "stacked-fs-io"
// JSON: "severity": "warning"
// JSON-NEXT: "sink": {
// JSON-NEXT: "api": "struct file_operations::write_iter",
// JSON-NEXT: "through_slot": true,
// JSON-NEXT: "io": "write",
// JSON-NEXT: "function": "nfs_do_local_write",
// JSON: "implementations": [
// JSON-NEXT: "lowerfs_write_iter"
// JSON: "missing_flags": [
// JSON-NEXT: "PF_MEMALLOC_NOIO",
// JSON-NEXT: "PF_LOCAL_THROTTLE"
// JSON-NOT: "flush":
// JSON-NOT: "target":
// JSON: "contexts": [
// JSON: "severity": "note"
// JSON-NEXT: "sink": {
// JSON-NEXT: "api": "kernel_write",
// JSON: "task_flags": [
// JSON-NEXT: "PF_MEMALLOC_NOIO"
// JSON-NEXT: ],
// JSON-NEXT: "missing_flags": [
// JSON-NEXT: "PF_LOCAL_THROTTLE"
// JSON: "resolution": "queued"
// SARIF: "id": "stacked-fs-io"
// SARIF: "ruleId": "stacked-fs-io"
// SARIF: "level": "warning"
// SARIF: "level": "note"
// SARIF: "missingFlags": "with PF_MEMALLOC_NOIO set but not PF_LOCAL_THROTTLE"
// GH: ::warning file={{.*}}shapes.c,line={{[0-9]+}},col=2,title=stacked-fs-io::
// GH: ::notice file={{.*}}shapes.c,line={{[0-9]+}},col=2,title=stacked-fs-io::
