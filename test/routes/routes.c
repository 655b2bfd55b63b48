// Several routes from one reclaim context to one flush, with mixed
// confidence: reclaim_fn reaches do_flush's flush_work directly, through a
// slot holding only one_cb, through the callback it passes to call_it, and
// through a slot holding three functions (a wide hop). Routes come best
// first (fewest wide hops, then fewest calls), each says how every call
// through a function pointer was resolved, and they are counted. Routes
// that differ only in calls resolved by evidence (the single-store slot,
// the callback) are one way, shown by its best route: reclaim_fn has three
// ways (direct, narrowed, wide).
// reclaim2_fn reaches the same flush only through a callback (narrowed),
// and only_cb's flush through a single-store slot (narrowed); wide_b's
// flush is reached only through the wide slot. Findings come best first:
// do_flush (direct), only_cb (narrowed), wide_b (wide), whatever their place
// in the file.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet %s > %t/default.txt
// RUN: FileCheck %s --check-prefix=DEFAULT --implicit-check-not=warning: < %t/default.txt
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --max-routes=10 %s | FileCheck %s --check-prefix=ALL
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --max-routes=1 %s | FileCheck %s --check-prefix=ONE
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --min-confidence=narrowed %s | FileCheck %s --check-prefix=NARROWED --implicit-check-not=warning:
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --min-confidence=direct --max-routes=10 %s | FileCheck %s --check-prefix=DIRECT --implicit-check-not=warning: --implicit-check-not=reclaim2_fn
// --max-contexts still counts contexts, not routes.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --max-contexts=1 %s | FileCheck %s --check-prefix=CTX1
// The JSON report has every route shown, and the shape checker's rules.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --max-routes=10 --format=json %s -o %t/all.json
// RUN: %python %S/../json/Inputs/check_shape.py --no-source-check %t/all.json
// RUN: FileCheck %s --check-prefix=JSON < %t/all.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --min-confidence=narrowed --format=json %s -o %t/narrowed.json
// RUN: %python %S/../json/Inputs/check_shape.py --no-source-check %t/narrowed.json
// The SARIF log: valid, a code flow per route, cross-checked with the JSON.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --max-routes=10 --format=sarif --source-root=%S %s -o %t/all.sarif
// RUN: %python %S/../sarif/Inputs/check_sarif.py %inputs/sarif/sarif-schema-2.1.0.json %t/all.sarif %t/all.json
// RUN: FileCheck %s --check-prefix=SARIF < %t/all.sarif
// RUN: %expect-exit 1 %wqdep -p %t --no-db --quiet --format=github --source-root=%S %s | FileCheck %s --check-prefix=GITHUB
#include <linux/workqueue.h>

struct dev {
	struct workqueue_struct *rwq, *pwq;
	struct work_struct rw, rw2, pw, pw2, pw3;
};

struct one_ops { void (*cb)(struct dev *); };
struct wide_ops { void (*cb)(struct dev *); };
struct solo_ops { void (*cb)(struct dev *); };

static void do_flush(struct dev *d);
static void wide_b(struct dev *d);
static void wide_c(struct dev *d);
static void only_cb(struct dev *d);
static void one_cb(struct dev *d);

static const struct one_ops one = { .cb = one_cb };
static const struct wide_ops wides[] = {
	{ .cb = do_flush }, { .cb = wide_b }, { .cb = wide_c },
};
static const struct solo_ops solo = { .cb = only_cb };

static void wide_b(struct dev *d)
{
	flush_work(&d->pw2);
}

static void wide_c(struct dev *d) { }

static void only_cb(struct dev *d)
{
	flush_work(&d->pw3);
}

static void do_flush(struct dev *d)
{
	flush_work(&d->pw);
}

static void one_cb(struct dev *d) { do_flush(d); }
static void helper(struct dev *d) { do_flush(d); }
static void cb_flush(struct dev *d) { helper(d); }

static void call_it(void (*fn)(struct dev *), struct dev *d)
{
	fn(d);
}

static void reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw);
	const struct one_ops *o = &one;
	int i;

	do_flush(d);
	o->cb(d);
	call_it(cb_flush, d);
	for (i = 0; i < 3; i++)
		wides[i].cb(d);
}

static void reclaim2_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, rw2);
	const struct solo_ops *s = &solo;

	call_it(do_flush, d);
	s->cb(d);
}

static void plain_fn(struct work_struct *w) { }

void dev_init(struct dev *d)
{
	d->rwq = alloc_workqueue("reclaimwq", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plainwq", 0, 0);
	INIT_WORK(&d->rw, reclaim_fn);
	INIT_WORK(&d->rw2, reclaim2_fn);
	INIT_WORK(&d->pw, plain_fn);
	INIT_WORK(&d->pw2, plain_fn);
	INIT_WORK(&d->pw3, plain_fn);
	queue_work(d->rwq, &d->rw);
	queue_work(d->rwq, &d->rw2);
	queue_work(d->pwq, &d->pw);
	queue_work(d->pwq, &d->pw2);
	queue_work(d->pwq, &d->pw3);
}

// Default (--max-routes=3): reclaim_fn's three routes, best first (the
// first right after the queue note, which counts them); reclaim2_fn's one
// route.
// DEFAULT:      routes.c:[[#FLUSH:]]:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn (and 1 more reclaim context) [wq-flush-dependency] (confidence: direct)
// DEFAULT-NEXT: note: workqueue 'reclaimwq'
// DEFAULT-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued on 'reclaimwq' here, so reclaim_fn runs in a WQ_MEM_RECLAIM worker (confidence: direct; 3 routes, best first)
// DEFAULT-NEXT: note: reclaim_fn calls do_flush{{$}}
// DEFAULT-NEXT: routes.c:[[#FLUSH]]:2: note: do_flush calls flush_work, flushing work item 'struct dev::pw'
// DEFAULT-NEXT: {{^}}note: route 2 of 3 (confidence: narrowed):
// DEFAULT-NEXT: note: reclaim_fn calls one_cb through 'struct one_ops::cb' (the only function stored there)
// DEFAULT-NEXT: note: one_cb calls do_flush{{$}}
// DEFAULT-NEXT: note: do_flush calls flush_work
// DEFAULT-NEXT: {{^}}note: route 3 of 3 (confidence: wide, 1 wide hop):
// DEFAULT-NEXT: note: reclaim_fn calls do_flush through 'struct wide_ops::cb' (one of all 3 functions stored there)
// DEFAULT-NEXT: note: do_flush calls flush_work
// DEFAULT-NEXT: note: workqueue 'reclaimwq'
// DEFAULT-NEXT: note: work item 'struct dev::rw2' (reclaim2_fn) is queued on 'reclaimwq' here, so reclaim2_fn runs in a WQ_MEM_RECLAIM worker (confidence: narrowed){{$}}
// DEFAULT-NEXT: note: reclaim2_fn calls do_flush through 'callback passed to call_it' (the callback reclaim2_fn passes here)
// DEFAULT-NEXT: note: do_flush calls flush_work
// DEFAULT-NEXT: note: workqueue 'plainwq' (struct dev::pwq) is allocated without WQ_MEM_RECLAIM
// DEFAULT-NEXT: routes.c:67:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim2_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency] (confidence: narrowed)
// DEFAULT:      note: reclaim2_fn calls only_cb through 'struct solo_ops::cb' (the only function stored there)
// DEFAULT:      routes.c:60:2: warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency] (confidence: wide)
// DEFAULT-NEXT: note: workqueue 'reclaimwq'
// DEFAULT-NEXT: note: work item 'struct dev::rw' (reclaim_fn) is queued on 'reclaimwq' here, so reclaim_fn runs in a WQ_MEM_RECLAIM worker (confidence: wide, 1 wide hop){{$}}
// DEFAULT-NEXT: note: reclaim_fn calls wide_b through 'struct wide_ops::cb' (one of all 3 functions stored there)
// The tree is all seen: no scope note.
// DEFAULT-NOT:  scope:

// ALL:      (confidence: direct; 3 routes, best first)
// ALL:      route 3 of 3 (confidence: wide, 1 wide hop):
// ALL-NEXT: note: reclaim_fn calls do_flush through 'struct wide_ops::cb' (one of all 3 functions stored there)
// ALL-NEXT: note: do_flush calls flush_work
// ALL-NOT:  more route

// ONE:      (confidence: direct; 3 routes, best first)
// ONE-NEXT: note: reclaim_fn calls do_flush{{$}}
// ONE-NEXT: note: do_flush calls flush_work
// ONE-NEXT: note: 2 more routes from reclaim_fn not shown (--max-routes=N shows up to N)
// ONE-NOT:  route 2 of

// Narrowed and better: the wide route goes (and says it may have), and so
// does wide_b's finding; the others stay, best first.
// NARROWED:     warning: {{.*}}reclaim_fn is flushing {{.*}} (and 1 more reclaim context) [wq-flush-dependency] (confidence: direct)
// NARROWED:     route 2 of 3 (confidence: narrowed):
// NARROWED:     note: 1 more route from reclaim_fn not shown (below --min-confidence=narrowed, or beyond --max-routes)
// NARROWED:     warning: {{.*}}reclaim2_fn is flushing {{.*}}plain_fn [wq-flush-dependency] (confidence: narrowed)
// NARROWED-NOT: wide

// Direct only: one finding, one context, one route; the message no longer
// names the context that went.
// DIRECT:      warning: WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn [wq-flush-dependency] (confidence: direct)
// DIRECT:      (confidence: direct; 3 routes, best first)
// DIRECT-NEXT: note: reclaim_fn calls do_flush{{$}}
// DIRECT-NEXT: note: do_flush calls flush_work
// DIRECT-NEXT: note: 2 more routes from reclaim_fn not shown (below --min-confidence=direct, or beyond --max-routes)
// DIRECT-NOT:  through

// CTX1:     (and 1 more reclaim context) [wq-flush-dependency] (confidence: direct)
// CTX1:     route 3 of 3
// CTX1:     note: 1 more reclaim context reaches this flush
// CTX1-NOT: reclaim2_fn calls do_flush

// JSON:      "message": "WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn (and 1 more reclaim context)",
// JSON-NEXT: "confidence": "direct",
// JSON:      "function": "reclaim_fn",
// JSON:      "confidence": "direct",
// JSON-NEXT: "path_confidence": "direct",
// JSON-NEXT: "wide_hops": 0,
// JSON:      "route_count": 3,
// JSON-NEXT: "route_count_is_lower_bound": false,
// JSON-NEXT: "other_routes": [
// JSON-NEXT:  {
// JSON-NEXT:   "confidence": "narrowed",
// JSON-NEXT:   "wide_hops": 0,
// JSON:          "function": "one_cb",
// JSON:          "via": "struct one_ops::cb",
// JSON-NEXT:     "resolution": "only-store",
// JSON-NEXT:     "candidates": 1
// JSON:          "confidence": "wide",
// JSON-NEXT:     "wide_hops": 1,
// JSON:          "via": "struct wide_ops::cb",
// JSON-NEXT:     "resolution": "all-stores",
// JSON-NEXT:     "candidates": 3
// JSON:      "function": "reclaim2_fn",
// JSON:      "confidence": "narrowed",
// JSON:          "via": "callback passed to call_it",
// JSON-NEXT:     "resolution": "callback"
// JSON:      "route_count": 1,
// JSON:      "message": "WQ_MEM_RECLAIM 'reclaimwq':reclaim2_fn is flushing !WQ_MEM_RECLAIM 'plainwq':plain_fn",
// JSON-NEXT: "confidence": "narrowed",
// JSON:      "confidence": "wide",

// SARIF:      "rank": 90,
// SARIF:      "text": "WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn (work item 'struct dev::rw') reaches flush_work in do_flush: route 1 of 3 routes (confidence: direct)"
// SARIF:      "text": "WQ_MEM_RECLAIM 'reclaimwq':reclaim_fn (work item 'struct dev::rw') reaches flush_work in do_flush: route 3 of 3 routes (confidence: wide, 1 wide hop)"
// SARIF:      "text": "reclaim_fn calls do_flush through 'struct wide_ops::cb' (one of all 3 functions stored there)"
// SARIF:      "context": 1,
// SARIF-NEXT: "route": 3,
// SARIF-NEXT: "routeCount": 3,
// SARIF-NEXT: "routeCountIsLowerBound": false,
// SARIF-NEXT: "confidence": "wide",
// SARIF-NEXT: "wideHops": 1
// SARIF-NEXT: }
// SARIF:      "confidence": "direct",
// SARIF-NEXT: "routeCount": 4,
// SARIF:      "rank": 60,
// SARIF:      "rank": 30,

// GITHUB: ::warning file=routes.c,line={{[0-9]+}},col=2,title=wq-flush-dependency::{{.*}}(and 1 more reclaim context) [wq-flush-dependency] (confidence: direct)%0A%0Areclaim context 1 of 2 (confidence: direct; 3 routes, best first):%0A{{.*}}%0Aroutes.c:{{[0-9:]+}} reclaim_fn calls do_flush%0A{{.*}}%0Aroute 2 of 3 (confidence: narrowed):%0A{{.*}}%0Aroute 3 of 3 (confidence: wide, 1 wide hop):%0Aroutes.c:{{[0-9:]+}} reclaim_fn calls do_flush through 'struct wide_ops::cb' (one of all 3 functions stored there){{.*}}%0A%0Areclaim context 2 of 2 (confidence: narrowed):
// GITHUB: (confidence: narrowed)%0A
// GITHUB: (confidence: wide)%0A
// GITHUB-NOT: ::notice
