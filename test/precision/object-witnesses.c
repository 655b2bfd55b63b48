// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// RUN: FileCheck %s --check-prefix=NODQ < %t/on.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-routes=1 --format=json -o %t/one.json
// RUN: FileCheck %s --check-prefix=ONE < %t/one.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --no-object-witnesses --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-indirect-calls=5 --format=json -o %t/limit.json
// RUN: FileCheck %s --check-prefix=OFF < %t/limit.json
// RUN: FileCheck %s --check-prefix=NOSTATS < %t/off.json
// RUN: FileCheck %s --check-prefix=NOSTATS < %t/limit.json
//
// Object-class witnesses (docs/limits.md): nfs_sb_deactive() reads its
// superblock's s_fs_info as a struct nfs_server (through NFS_SB(), a call
// made on every run), and hands the superblock down to deactivate(), whose
// call through kill_sb goes to every filesystem's. xfs_kill() reads the
// same field as a struct xfs_mount, and nfsd_umount() as a struct net: an
// NFS superblock reaches neither, so nfs_worker's routes to their flushes
// are no routes (the false paths removed). generic_kill() reads nothing
// (kept: no witness disagrees), and common_kill() reads it as a struct
// nfs_common, which struct nfs_server begins with (kept: one object can be
// both).
//
// A buffer read as two headers is no class: verify_dir() reads
// b->b_addr as a struct dir_hdr and hands the buffer to every verifier;
// verify_blk() reads it as a struct blk_hdr. Both begin with an unsigned
// int (the magic number a verifier switches on), so they may be one
// buffer's headers: kept. verify_dq() reads it as a struct dq_hdr, which
// begins with an unsigned short: cut.
//
// container_of(): ext_drop() takes its inode out of a struct ext_ii, so
// the inode it hands down is no struct nfs_ii's: inode_worker reaches
// ext_evict's flush, not nfs_evict's. netfs_drop() takes it out of a
// struct netfs_like whose first member it is: no witness (that struct may
// itself be inside any inode container), so netfs_worker reaches both.
//
// xfs_kill's flush (in xfs_flush_helper): nfs_worker's route through
// kill_sb is rejected; its other route, through the shrinker slot and no
// superblock, is real and is its route now. The fallback: an object with
// no witness (plain_worker's superblock; cond_worker's, whose cast is
// made on one branch only) reaches every kill_sb, xfs_kill's included.
// ON:      "function": "xfs_flush_helper",
// ON:      "function": "plain_worker",
// ON:      "via": "struct fstype::kill_sb",
// ON:      "function": "cond_worker",
// ON:      "via": "struct fstype::kill_sb",
// ON:      "function": "nfs_worker",
// ON-NOT:  "via": "struct fstype::kill_sb",
// ON:      "via": "struct shrinker::scan",
// nfsd_umount's flush: nfs_worker has no route left.
// ON:      "function": "nfsd_umount",
// ON-NOT:  "function": "nfs_worker",
// ON:      "function": "generic_kill",
// ON:      "function": "nfs_worker",
// ON:      "function": "common_kill",
// ON:      "function": "nfs_worker",
// ON:      "function": "verify_blk",
// ON:      "function": "buf_worker",
// NODQ-NOT: "function": "verify_dq",
// ON:      "function": "ext_evict",
// ON:      "function": "inode_worker",
// ON:      "function": "netfs_worker",
// ON:      "function": "nfs_evict",
// ON-NOT:  "function": "inode_worker",
// ON:      "function": "netfs_worker",
//
// STATS:      "object_witness_functions": 10,
// STATS-NEXT: "object_witness_summaries": 11
//
// With one route each, nfs_worker's best route to xfs_flush_helper is the
// rejected one: the search over (function, object) states finds the
// shrinker route instead.
// ONE:      "function": "xfs_flush_helper",
// ONE:      "function": "nfs_worker",
// ONE-NOT:  "via": "struct fstype::kill_sb",
// ONE:      "via": "struct shrinker::scan",
//
// Without the mechanism, buf_worker reaches verify_dq's flush and
// nfs_worker reaches nfsd_umount's; so they do with a limit on pointer
// calls, under which routes are not checked (docs/limits.md).
// OFF:     "function": "nfsd_umount",
// OFF:     "function": "nfs_worker",
// OFF:     "function": "verify_dq",
// OFF:     "function": "buf_worker",
// OFF:     "function": "nfs_evict",
// OFF:     "function": "inode_worker",
// NOSTATS-NOT: object_witness
#include <linux/container_of.h>
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct a, b, c, d, e, f, g, i, j, k, n, p, q, r; } *dev;
static void plain_fn(struct work_struct *w) {}

struct sb;
struct fstype { void (*kill_sb)(struct sb *); };
struct sb { void *s_fs_info; struct fstype *s_type; };
struct nfs_common { void *client; };
struct nfs_server { struct nfs_common c; int active; };
struct xfs_mount { long m; };
struct net { char n; };
struct shrinker { void (*scan)(void); };

static inline struct nfs_server *NFS_SB(const struct sb *s)
{
	return s->s_fs_info;
}

void deactivate(struct sb *s)
{
	s->s_type->kill_sb(s);
}

void nfs_sb_deactive(struct sb *sb)
{
	struct nfs_server *server = NFS_SB(sb);
	if (server->active)
		deactivate(sb);
}

void xfs_flush_helper(void)
{
	flush_work(&dev->p);
}
static void xfs_kill(struct sb *s)
{
	struct xfs_mount *mp = s->s_fs_info;
	xfs_flush_helper();
	(void)mp;
}
static void nfsd_umount(struct sb *s)
{
	struct net *net = s->s_fs_info;
	flush_work(&dev->n);
	(void)net;
}
static void generic_kill(struct sb *s)
{
	flush_work(&dev->g);
}
static void common_kill(struct sb *s)
{
	struct nfs_common *c = (struct nfs_common *)s->s_fs_info;
	flush_work(&dev->r);
	(void)c;
}
struct fstype xfs_type = { .kill_sb = xfs_kill };
struct fstype nfsd_type = { .kill_sb = nfsd_umount };
struct fstype generic_type = { .kill_sb = generic_kill };
struct fstype common_type = { .kill_sb = common_kill };

static void shrink_xfs(void) { xfs_flush_helper(); }
static void shrink_other(void) {}
struct shrinker s1 = { .scan = shrink_xfs }, s2 = { .scan = shrink_other };
struct shrinker *shr;
struct sb *some_sb;
static void run_shrinker(void) { shr->scan(); }
static void step1(void) { run_shrinker(); }
static void step2(void) { step1(); }

static void nfs_worker(struct work_struct *w)
{
	nfs_sb_deactive(some_sb);
	step2();
}

static void plain_worker(struct work_struct *w)
{
	deactivate(some_sb);
}

struct xbuf;
struct buf_ops { void (*verify)(struct xbuf *); };
struct xbuf { void *b_addr; const struct buf_ops *ops; };
struct dir_hdr { unsigned int magic; int count; };
struct blk_hdr { unsigned int magic; unsigned int crc; };
struct dq_hdr { unsigned short magic; short id; };
static void verify_dir(struct xbuf *b)
{
	struct dir_hdr *h = b->b_addr;
	(void)h;
	b->ops->verify(b);
}
static void verify_blk(struct xbuf *b)
{
	struct blk_hdr *h = b->b_addr;
	flush_work(&dev->k);
	(void)h;
}
static void verify_dq(struct xbuf *b)
{
	struct dq_hdr *h = b->b_addr;
	flush_work(&dev->q);
	(void)h;
}
const struct buf_ops dir_ops = { .verify = verify_dir };
const struct buf_ops blk_ops = { .verify = verify_blk };
const struct buf_ops dq_ops = { .verify = verify_dq };
struct xbuf *some_buf;

struct xinode;
struct inode_ops { void (*evict)(struct xinode *); };
struct xinode { const struct inode_ops *ops; };
struct ext_ii { int x; struct xinode vfs; };
struct nfs_ii { long y; struct xinode vfs; };
static void ext_evict(struct xinode *i)
{
	struct ext_ii *e = container_of(i, struct ext_ii, vfs);
	flush_work(&dev->e);
	(void)e;
}
static void nfs_evict(struct xinode *i)
{
	struct nfs_ii *n = container_of(i, struct nfs_ii, vfs);
	flush_work(&dev->f);
	(void)n;
}
const struct inode_ops ext_iops = { .evict = ext_evict };
const struct inode_ops nfs_iops = { .evict = nfs_evict };
void iput_like(struct xinode *i)
{
	i->ops->evict(i);
}
void ext_drop(struct xinode *i)
{
	struct ext_ii *e = container_of(i, struct ext_ii, vfs);
	(void)e;
	iput_like(i);
}
struct xinode *some_inode;
static void inode_worker(struct work_struct *w)
{
	ext_drop(some_inode);
}
struct netfs_like { struct xinode inode; int ctx; };
void netfs_drop(struct xinode *i)
{
	struct netfs_like *n = container_of(i, struct netfs_like, inode);
	(void)n;
	iput_like(i);
}
static void netfs_worker(struct work_struct *w)
{
	netfs_drop(some_inode);
}
static void buf_worker(struct work_struct *w)
{
	verify_dir(some_buf);
}

void cond_deactive(struct sb *sb, int x)
{
	if (x) {
		struct nfs_server *n = sb->s_fs_info;
		(void)n;
	}
	deactivate(sb);
}
static void cond_worker(struct work_struct *w)
{
	cond_deactive(some_sb, 1);
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->a, nfs_worker);
	INIT_WORK(&dev->b, plain_worker);
	INIT_WORK(&dev->c, cond_worker);
	INIT_WORK(&dev->d, buf_worker);
	INIT_WORK(&dev->i, inode_worker);
	INIT_WORK(&dev->j, netfs_worker);
	INIT_WORK(&dev->e, plain_fn);
	INIT_WORK(&dev->f, plain_fn);
	INIT_WORK(&dev->k, plain_fn);
	INIT_WORK(&dev->q, plain_fn);
	INIT_WORK(&dev->g, plain_fn);
	INIT_WORK(&dev->n, plain_fn);
	INIT_WORK(&dev->p, plain_fn);
	INIT_WORK(&dev->r, plain_fn);
	queue_work(reclaim_wq, &dev->a);
	queue_work(reclaim_wq, &dev->b);
	queue_work(reclaim_wq, &dev->c);
	queue_work(reclaim_wq, &dev->d);
	queue_work(reclaim_wq, &dev->i);
	queue_work(reclaim_wq, &dev->j);
	queue_work(plain_wq, &dev->e);
	queue_work(plain_wq, &dev->f);
	queue_work(plain_wq, &dev->k);
	queue_work(plain_wq, &dev->q);
	queue_work(plain_wq, &dev->g);
	queue_work(plain_wq, &dev->n);
	queue_work(plain_wq, &dev->p);
	queue_work(plain_wq, &dev->r);
}
