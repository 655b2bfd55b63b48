// A call through a local function pointer given several functions or slots
// calls each of them: drivers/nvme/target/io-cmd-file.c's
//
//   if (req->cmd->rw.opcode == nvme_cmd_write) call_iter = f->f_op->write_iter;
//   else call_iter = f->f_op->read_iter;
//   return call_iter(iocb, &iter);
//
// was an unresolved call, so its vfs_fsync-free I/O path into every
// filesystem's write_iter was missed (stacked-fs-io) along with whatever the
// implementations flush (here: one write_iter flushes). A `?:` of two
// functions and a local that may also be NULL resolve the same way.
// Near miss, still unresolved: a local also given something that is not a
// function (an integer cookie cast to a function pointer).
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=-*,wq-flush-dependency > %t/flush.txt
// RUN: FileCheck %s --check-prefix=FLUSH < %t/flush.txt
// Three flushes: through write_iter, cond_a and null_cb (cond_b and
// quiet_read_iter flush nothing; the near misses resolve to nothing).
// RUN: grep -c 'warning:' %t/flush.txt | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}3{{$}}
// RUN: %expect-exit 1 %wqdep -p %t %s --checks=-*,stacked-fs-io > %t/io.txt
// RUN: FileCheck %s --check-prefix=IO < %t/io.txt
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s --check-prefix=STATS < %t/out.json
// The near miss:
// STATS: "unresolved_indirect_calls": 1,
#include <linux/workqueue.h>
#include <linux/fs.h>

struct target_req {
	struct work_struct work;
	struct file *file;
	int write;
	unsigned long cookie;
	struct kiocb iocb;
	struct iov_iter *iter;
};
struct workqueue_struct *target_wq, *plain_wq;
struct work_struct plain_work, cond_work, null_work;
static void plain_fn(struct work_struct *w) { }

static ssize_t flushing_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	flush_work(&plain_work);
// FLUSH-DAG: local-fn-choices.c:[[@LINE-1]]:2: warning: {{.*}}target_work_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn
	return 0;
}
static ssize_t quiet_read_iter(struct kiocb *iocb, struct iov_iter *to) { return 0; }
const struct file_operations fs_fops = {
	.write_iter = flushing_write_iter,
	.read_iter = quiet_read_iter,
};

static ssize_t submit(struct target_req *req)
{
	ssize_t (*call_iter)(struct kiocb *iocb, struct iov_iter *iter);

	if (req->write)
		call_iter = req->file->f_op->write_iter;
	else
		call_iter = req->file->f_op->read_iter;
	return call_iter(&req->iocb, req->iter);
// IO-DAG: local-fn-choices.c:[[@LINE-1]]:9: warning: {{.*}}target_work_fn writes into 'struct file_operations::write_iter' (flushing_write_iter) with neither
// IO-DAG: local-fn-choices.c:[[@LINE-2]]:9: warning: {{.*}}target_work_fn reads from 'struct file_operations::read_iter' (quiet_read_iter) with neither
// FLUSH-DAG: local-fn-choices.c:[[@LINE-3]]:9: note: submit calls flushing_write_iter through 'struct file_operations::write_iter' (the only function stored there)
}

static void cond_a(void) { flush_work(&cond_work); }
static void cond_b(void) { }
static void null_cb(void) { flush_work(&null_work); }

static void by_conditional(struct target_req *req)
{
	void (*fn)(void) = req->write ? cond_a : cond_b;
	fn();
// FLUSH-DAG: local-fn-choices.c:[[@LINE-1]]:2: note: by_conditional calls cond_a{{$}}
}

static void maybe_null(struct target_req *req)
{
	void (*fn)(void) = NULL;
	if (req->write)
		fn = null_cb;
	if (fn)
		fn();
// FLUSH-DAG: local-fn-choices.c:[[@LINE-1]]:3: note: maybe_null calls null_cb{{$}}
}

static void from_cookie(struct target_req *req)
{
	void (*fn)(void) = cond_a;
	if (req->write)
		fn = (void (*)(void))req->cookie;
	fn();
}

static void target_work_fn(struct work_struct *w)
{
	struct target_req *req = container_of(w, struct target_req, work);
	submit(req);
	by_conditional(req);
	maybe_null(req);
	from_cookie(req);
}

int target_init(void)
{
	struct target_req *req;
	target_wq = alloc_workqueue("targetwq", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&plain_work, plain_fn);
	INIT_WORK(&cond_work, plain_fn);
	INIT_WORK(&null_work, plain_fn);
	queue_work(plain_wq, &plain_work);
	queue_work(plain_wq, &cond_work);
	queue_work(plain_wq, &null_work);
	INIT_WORK(&req->work, target_work_fn);
	queue_work(target_wq, &req->work);
	return 0;
}
