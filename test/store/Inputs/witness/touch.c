#include "witness.h"

void nfs_touch(struct sb *sb)
{
	struct nfs_server *server = sb->s_fs_info;
	(void)server;
}
