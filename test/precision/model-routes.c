// The model file's route entries (docs/model-file.md): `no-path X -> Y`
// (no chain of calls made under X reaches Y) and `resolve <slot> under X`
// (calls through the slot made under X go only to the functions listed).
// Both hold on routes, not on edges: the edges they rule out stay for
// every route that does not pass X.
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: printf '%%s\n' '# reviewed: what holds under remove_entry and notify_pipe' \
// RUN:   'no-path remove_entry -> mount_fs because: an entry exists, so the filesystem is pinned and pin_fs does not mount' \
// RUN:   'resolve struct fops::write under notify_pipe -> pipe_write because: the daemon file is checked to be a pipe' \
// RUN:   'no-path seed_fn -> mount_fs because: the seed itself is under the entry' \
// RUN:   'no-path nobody -> mount_fs because: a stale entry' \
// RUN:   'no-path cb_entry -> mount_fs because: the callback it passes does not mount' > %t/model
//
// Without the model file every worker reaches a flush.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --max-routes=5 --format=json -o %t/none.json
// RUN: FileCheck %s --check-prefix=NONE < %t/none.json
// NONE-DAG: "function": "remove_fn"
// NONE-DAG: "function": "both_fn"
// NONE-DAG: "function": "notify_fn"
// NONE-DAG: "function": "write_fn"
// NONE-DAG: "function": "seed_fn"
// NONE-DAG: "function": "cb_fn"
//
// With it: remove_fn's only route passes remove_entry and is gone (the
// false path removed), both_fn keeps the route through add_entry, which
// reaches the same mount_fs edge (the real path kept: the edge is not
// removed), and no route of it passes remove_entry; notify_fn's wide hop
// to fs_write is gone, write_fn's same hop, not under notify_pipe, stays
// (the fallback); the seed named by an entry is under it; cb_fn's route
// goes through a callback edge (run_cb() calls the function cb_entry()
// passes it), which is under cb_entry() as any other call is.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --max-routes=5 --model=%t/model --format=json -o %t/model.json
// RUN: FileCheck %s --check-prefix=MODEL < %t/model.json
// RUN: FileCheck %s --check-prefix=GONE < %t/model.json
// MODEL:      "function": "both_fn"
// MODEL:      "function": "add_entry"
// MODEL:      "function": "write_fn"
// MODEL:      "function": "kernel_write"
// MODEL:      "function": "fs_write"
// MODEL:      "via": "struct fops::write",
// MODEL-NEXT: "resolution": "all-stores",
// MODEL:      "model": {
// MODEL:        "entry": "no-path remove_entry -> mount_fs",
// MODEL-NEXT:   "reason": "an entry exists, so the filesystem is pinned and pin_fs does not mount",
// MODEL-NEXT:   "applied": true,
// MODEL-NEXT:   "call_sites": 0,
// MODEL-NEXT:   "edges_removed": 0,
// MODEL-NEXT:   "functions": 1,
// MODEL-NEXT:   "pairs_removed": 1
// MODEL:        "entry": "resolve struct fops::write under notify_pipe -> pipe_write",
// MODEL:        "applied": true,
// MODEL:        "functions": 1,
// MODEL-NEXT:   "pairs_removed": 1
// MODEL:        "entry": "no-path seed_fn -> mount_fs",
// MODEL:        "functions": 1,
// MODEL-NEXT:   "pairs_removed": 1
// MODEL:        "entry": "no-path nobody -> mount_fs",
// MODEL:        "applied": false,
// MODEL:        "functions": 0,
// MODEL-NEXT:   "pairs_removed": null
// MODEL:        "entry": "no-path cb_entry -> mount_fs",
// MODEL:        "functions": 1,
// MODEL-NEXT:   "pairs_removed": 1
// GONE-NOT: "function": "remove_fn"
// GONE-NOT: "function": "notify_fn"
// GONE-NOT: "function": "seed_fn"
// GONE-NOT: "function": "remove_entry"
// GONE-NOT: "function": "cb_fn"
//
// The text report says which entries applied and what each removed.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --model=%t/model 2>&1 | FileCheck %s --check-prefix=TEXT
// TEXT: note: model entry {{.*}}model:2 'no-path remove_entry -> mount_fs': applied on routes under 1 function, 1 (context, finding) pair removed
// TEXT: note: model entry {{.*}}model:5 'no-path nobody -> mount_fs': applied on no route (a function it names is not in the program)
//
// --no-model applies nothing: the report without the file.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --max-routes=5 --model=%t/model --no-model --format=json -o %t/off.json
// RUN: diff %t/none.json %t/off.json
//
// The route cache keeps what the entries decided, under their own key: a
// database run with the model, then one without, then with it again give
// the reports of the runs without a database.
// RUN: %expect-exit 1 %wqdep -p %t --db %t/db %s --max-contexts=0 --max-routes=5 --model=%t/model --format=json -o %t/db1.json
// RUN: %expect-exit 1 %wqdep -p %t --db %t/db %s --max-contexts=0 --max-routes=5 --format=json -o %t/db2.json
// RUN: %expect-exit 1 %wqdep -p %t --db %t/db %s --max-contexts=0 --max-routes=5 --model=%t/model --format=json -o %t/db3.json
// RUN: diff %t/model.json %t/db1.json
// RUN: diff %t/none.json %t/db2.json
// RUN: diff %t/model.json %t/db3.json
//
// Under --max-indirect-calls routes are searched by layers, not checked:
// the route entries are not applied, and wqdep says so.
// RUN: %expect-exit 1 %wqdep -p %t --no-db %s --max-contexts=0 --max-routes=5 --model=%t/model --max-indirect-calls=2 --format=json -o %t/limit.json 2> %t/limit.err
// RUN: FileCheck %s --check-prefix=LIMIT < %t/limit.err
// LIMIT: wqdep: warning: --max-indirect-calls: the model file's 5 route entries ('no-path', 'resolve ... under') are not applied (routes are searched by layers, not checked)
// RUN: FileCheck %s --check-prefix=LIMITJSON < %t/limit.json
// LIMITJSON: "function": "remove_fn"
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct r, b, n, w, s, c, p; } *dev;
struct vfsmount *mnt;
struct fops { int (*write)(void); };
struct file { struct fops *op; } *daemon_file, *any_file;

static void plain_fn(struct work_struct *w) {}
static void mount_fs(void) { flush_work(&dev->p); }
static void pin_fs(void) { if (!mnt) mount_fs(); }
static void remove_entry(void) { pin_fs(); }
static void add_entry(void) { pin_fs(); }

static int pipe_write(void) { return 0; }
static int fs_write(void) { flush_work(&dev->p); return 0; }
static struct fops pipe_fops = { .write = pipe_write };
static struct fops fs_fops = { .write = fs_write };
static int kernel_write(struct file *f) { return f->op->write(); }
static void notify_pipe(void) { kernel_write(daemon_file); }

static void remove_fn(struct work_struct *w) { remove_entry(); }
static void both_fn(struct work_struct *w) { remove_entry(); add_entry(); }
static void notify_fn(struct work_struct *w) { notify_pipe(); }
static void write_fn(struct work_struct *w) { kernel_write(any_file); }
static void seed_fn(struct work_struct *w) { mount_fs(); }
static void mount_cb(void) { mount_fs(); }
static void run_cb(void (*cb)(void)) { cb(); }
static void cb_entry(void) { run_cb(mount_cb); }
static void cb_fn(struct work_struct *w) { cb_entry(); }

void init(int x)
{
	daemon_file->op = &pipe_fops;
	any_file->op = x ? &fs_fops : &pipe_fops;
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->r, remove_fn);
	INIT_WORK(&dev->b, both_fn);
	INIT_WORK(&dev->n, notify_fn);
	INIT_WORK(&dev->w, write_fn);
	INIT_WORK(&dev->s, seed_fn);
	INIT_WORK(&dev->c, cb_fn);
	INIT_WORK(&dev->p, plain_fn);
	queue_work(reclaim_wq, &dev->r);
	queue_work(reclaim_wq, &dev->b);
	queue_work(reclaim_wq, &dev->n);
	queue_work(reclaim_wq, &dev->w);
	queue_work(reclaim_wq, &dev->s);
	queue_work(reclaim_wq, &dev->c);
	queue_work(plain_wq, &dev->p);
}
