// Notifier chains and blocks are named exactly (facts format 8): a chain
// head's list is named through the object that holds it (`&nh->head` with
// nh parameter 0 is param 0 + ".head", `&priv->chain` is "struct
// priv::chain"), a block by the object itself (`&my_nb`, `&priv->nb`),
// never by where a pointer to it is kept (`priv->nbp`: unknown). Slot
// stores say which object they write, in the same names (object_key), when
// the object is named exactly.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s < %t/facts.json
// RUN: %wqdep-facts -p %t %s --roundtrip > %t/roundtrip.json
// RUN: diff %t/facts.json %t/roundtrip.json
#include <linux/notifier.h>

struct priv {
	struct blocking_notifier_head chain;
	struct notifier_block nb;
	struct notifier_block *nbp;
};
static int cb_a(struct notifier_block *nb, unsigned long a, void *d) { return 0; }
static int cb_b(struct notifier_block *nb, unsigned long a, void *d) { return 0; }
static int cb_c(struct notifier_block *nb, unsigned long a, void *d) { return 0; }
static struct notifier_block my_nb = { .notifier_call = cb_a };
// CHECK-DAG: {"function":"{{.*}}:cb_a",{{.*}}"object_key":"{{.*}}notifier-names.c:my_nb","slot":"struct notifier_block::notifier_call"}
static ATOMIC_NOTIFIER_HEAD(my_chain);

int run_head(struct atomic_notifier_head *nh)
{
	return atomic_notifier_call_chain(nh, 0, 0);
}
// CHECK-DAG: {"arg_values":[null,0,0],"args":["param#0","?","?"],"callee":"atomic_notifier_call_chain"

void setup(struct priv *p, struct notifier_block *nb)
{
	p->nb.notifier_call = cb_b;
	p->nbp->notifier_call = cb_c;
	nb->notifier_call = cb_c;
	blocking_notifier_chain_register(&p->chain, &p->nb);
	blocking_notifier_chain_register(&p->chain, p->nbp);
	atomic_notifier_chain_register(&my_chain, &my_nb);
	atomic_notifier_chain_register(&my_chain, nb);
}
// CHECK-DAG: {"function":"{{.*}}:cb_b",{{.*}}"object_key":"struct priv::nb","slot":"struct notifier_block::notifier_call"}
// CHECK-DAG: {"function":"{{.*}}:cb_c","in_function":"setup","loc":"{{.*}}:{{[0-9]+}}:{{[0-9]+}}","object":{"index":0,"kind":"param","path":".nbp"},"slot":"struct notifier_block::notifier_call"}
// CHECK-DAG: {"function":"{{.*}}:cb_c","in_function":"setup","loc":"{{.*}}:{{[0-9]+}}:{{[0-9]+}}","object":{"index":1,"kind":"param","path":""},"slot":"struct notifier_block::notifier_call"}
// CHECK-DAG: "args":["struct priv::chain","struct priv::nb"],"callee":"blocking_notifier_chain_register"
// CHECK-DAG: "args":["struct priv::chain","?"],"callee":"blocking_notifier_chain_register"
// CHECK-DAG: "args":["{{.*}}notifier-names.c:my_chain","{{.*}}notifier-names.c:my_nb"]
// CHECK-DAG: "args":["{{.*}}notifier-names.c:my_chain","param#1"]
