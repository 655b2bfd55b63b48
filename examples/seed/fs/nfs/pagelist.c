// The seed model of fs/nfs/pagelist.c.
#include <seed/nfs.h>

static int nfs_pageio_doio(struct nfs_pageio_descriptor *desc)
{
	return desc->pg_ops->pg_doio(desc);
}

void nfs_pageio_complete(struct nfs_pageio_descriptor *desc)
{
	nfs_pageio_doio(desc);
}

int nfs_generic_pg_pgios(struct nfs_pageio_descriptor *desc)
{
	return nfs_initiate_pgio(&desc->hdr);
}

int nfs_initiate_pgio(struct nfs_pgio_header *hdr)
{
	if (hdr->localio)
		return nfs_local_doio(hdr);
	return 0; /* the RPC path */
}
