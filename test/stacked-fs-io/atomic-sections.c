// stacked-fs-io and atomic sections: a file write sleeps, so no route to
// one takes a call made in an atomic section; a queue call made in one is
// still crossed (queueing does not sleep, and the queued worker runs
// later, in its own context).
//  - irq_writer_fn writes only inside local_irq_save(): removed (reported
//    with --no-atomic-sections);
//  - queue_in_irq_fn queues, inside local_irq_save(), a work item whose
//    worker writes: kept, through the queue;
//  - after_fn writes after local_irq_restore(): kept.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --max-contexts=0 > %t/on.txt
// RUN: FileCheck %s --check-prefix=ON --implicit-check-not=irq_writer_fn < %t/on.txt
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=stacked-fs-io --max-contexts=0 --no-atomic-sections > %t/off.txt
// RUN: FileCheck %s --check-prefix=OFF < %t/off.txt
// RUN: grep -c ': warning: ' %t/on.txt | FileCheck %s --check-prefix=COUNT-ON
// RUN: grep -c ': warning: ' %t/off.txt | FileCheck %s --check-prefix=COUNT-OFF
// COUNT-ON: {{^}}2{{$}}
// COUNT-OFF: {{^}}3{{$}}
// ON-DAG:  warning: WQ_MEM_RECLAIM 'writeback':after_fn writes into 'struct file_operations::write_iter'
// ON-DAG:  warning: WQ_MEM_RECLAIM 'writeback':queue_in_irq_fn writes into 'struct file_operations::write_iter'
// ON-DAG:  note: queue_in_irq_fn queues work item 'struct back_end::io', whose worker runs io_workfn
// OFF-DAG: warning: WQ_MEM_RECLAIM 'writeback':irq_writer_fn writes into 'struct file_operations::write_iter'
// OFF-DAG: warning: WQ_MEM_RECLAIM 'writeback':after_fn writes into
// OFF-DAG: warning: WQ_MEM_RECLAIM 'writeback':queue_in_irq_fn writes into
#include <linux/workqueue.h>
#include <linux/fs.h>
#include <linux/irqflags.h>

struct lower_file { struct file *file; struct iov_iter *iter; struct kiocb kiocb; };
static ssize_t lowerfs_write_iter(struct kiocb *iocb, struct iov_iter *from) { return 0; }
static const struct file_operations lowerfs_fops = {
	.write_iter = lowerfs_write_iter,
};

struct back_end {
	struct workqueue_struct *writeback_wq, *plain_wq;
	struct work_struct irq_writer, queue_in_irq, after, io;
	struct lower_file *lf1, *lf2, *lf3;
};
static struct back_end b;

static void write_lower(struct lower_file *lf)
{
	lf->file->f_op->write_iter(&lf->kiocb, lf->iter);
}

static void irq_writer_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	write_lower(b.lf1);
	local_irq_restore(flags);
}

static void write_lower2(struct lower_file *lf)
{
	lf->file->f_op->write_iter(&lf->kiocb, lf->iter);
}
static void io_workfn(struct work_struct *w) { write_lower2(b.lf2); }
static void queue_in_irq_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	queue_work(b.plain_wq, &b.io);
	local_irq_restore(flags);
}

static void write_lower3(struct lower_file *lf)
{
	lf->file->f_op->write_iter(&lf->kiocb, lf->iter);
}
static void after_fn(struct work_struct *w)
{
	unsigned long flags;

	local_irq_save(flags);
	local_irq_restore(flags);
	write_lower3(b.lf3);
}

void setup(void)
{
	b.writeback_wq = alloc_workqueue("writeback", WQ_MEM_RECLAIM, 0);
	b.plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&b.irq_writer, irq_writer_fn);
	INIT_WORK(&b.queue_in_irq, queue_in_irq_fn);
	INIT_WORK(&b.after, after_fn);
	INIT_WORK(&b.io, io_workfn);
	queue_work(b.writeback_wq, &b.irq_writer);
	queue_work(b.writeback_wq, &b.queue_in_irq);
	queue_work(b.writeback_wq, &b.after);
}
