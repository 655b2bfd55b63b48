#include <linux/workqueue.h>

struct sb;
struct fstype { void (*kill_sb)(struct sb *); };
struct sb { void *s_fs_info; struct fstype *s_type; };
struct nfs_server { void *client; };
struct xfs_mount { long m; };

extern struct sb *some_sb;
void deactivate(struct sb *s);
void nfs_sb_deactive(struct sb *sb);
void nfs_touch(struct sb *sb);
