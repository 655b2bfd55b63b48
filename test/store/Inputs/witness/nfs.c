#include "witness.h"

/* Reads nothing itself: its witness is nfs_touch()'s, in another unit. */
void nfs_sb_deactive(struct sb *sb)
{
	nfs_touch(sb);
	deactivate(sb);
}
