//! `validate_all()` on its first call, in a binary with 1,000 real derived contracts
//! (issue 6): the time includes collecting the `inventory` registrations and building
//! the index.
//!
//! Each measurement is a fresh process: `cargo bench --bench validate_all_first_call`
//! runs this binary, which runs itself again `RUNS` times with `FIRST_CALL_CHILD` set and
//! prints the median of the children's first calls. `cargo test --benches` runs one
//! first call in-process.

#![recursion_limit = "4096"]
#![allow(dead_code)]

use std::process::Command;
use std::time::Instant;

use contracts_core::MigrationContract;

/// Three roots, then one component per name: each depends on the three before it,
/// declares the two after it as consumers (which do depend on it), and requires three
/// methods, like the compile-cost crates of `scripts/bench-compile.sh`.
macro_rules! components {
    ([$p1:ident $p2:ident $p3:ident] $a:ident $b:ident $c:ident $($rest:ident)*) => {
        component!($a, depends_on($p1, $p2, optional($p3)), consumers($b = [m0, m1], $c));
        components!([$a $p1 $p2] $b $c $($rest)*);
    };
    ([$p1:ident $p2:ident $p3:ident] $a:ident $b:ident) => {
        component!($a, depends_on($p1, $p2, optional($p3)), consumers($b = [m0, m1]));
        component!($b, depends_on($a, $p1, optional($p2)), consumers());
    };
}

macro_rules! component {
    ($name:ident, $($contract:tt)*) => {
        #[derive(MigrationContract)]
        #[contract(
            risk = "high",
            requires(fn m0(&self) -> usize, fn m1(&self, x: u32) -> u32, async fn m2(&self) -> bool),
            $($contract)*
        )]
        pub struct $name {
            a: u32,
            b: String,
        }

        impl $name {
            pub fn m0(&self) -> usize {
                self.b.len()
            }
            pub fn m1(&self, x: u32) -> u32 {
                x + self.a
            }
            pub async fn m2(&self) -> bool {
                self.a > 0
            }
        }
    };
}

component!(R0, depends_on(), consumers());
component!(R1, depends_on(R0), consumers());
component!(R2, depends_on(R1, R0), consumers());
components!([R2 R1 R0]
    C000 C001 C002 C003 C004 C005 C006 C007 C008 C009 C010 C011 C012 C013 C014 C015
    C016 C017 C018 C019 C020 C021 C022 C023 C024 C025 C026 C027 C028 C029 C030 C031
    C032 C033 C034 C035 C036 C037 C038 C039 C040 C041 C042 C043 C044 C045 C046 C047
    C048 C049 C050 C051 C052 C053 C054 C055 C056 C057 C058 C059 C060 C061 C062 C063
    C064 C065 C066 C067 C068 C069 C070 C071 C072 C073 C074 C075 C076 C077 C078 C079
    C080 C081 C082 C083 C084 C085 C086 C087 C088 C089 C090 C091 C092 C093 C094 C095
    C096 C097 C098 C099 C100 C101 C102 C103 C104 C105 C106 C107 C108 C109 C110 C111
    C112 C113 C114 C115 C116 C117 C118 C119 C120 C121 C122 C123 C124 C125 C126 C127
    C128 C129 C130 C131 C132 C133 C134 C135 C136 C137 C138 C139 C140 C141 C142 C143
    C144 C145 C146 C147 C148 C149 C150 C151 C152 C153 C154 C155 C156 C157 C158 C159
    C160 C161 C162 C163 C164 C165 C166 C167 C168 C169 C170 C171 C172 C173 C174 C175
    C176 C177 C178 C179 C180 C181 C182 C183 C184 C185 C186 C187 C188 C189 C190 C191
    C192 C193 C194 C195 C196 C197 C198 C199 C200 C201 C202 C203 C204 C205 C206 C207
    C208 C209 C210 C211 C212 C213 C214 C215 C216 C217 C218 C219 C220 C221 C222 C223
    C224 C225 C226 C227 C228 C229 C230 C231 C232 C233 C234 C235 C236 C237 C238 C239
    C240 C241 C242 C243 C244 C245 C246 C247 C248 C249 C250 C251 C252 C253 C254 C255
    C256 C257 C258 C259 C260 C261 C262 C263 C264 C265 C266 C267 C268 C269 C270 C271
    C272 C273 C274 C275 C276 C277 C278 C279 C280 C281 C282 C283 C284 C285 C286 C287
    C288 C289 C290 C291 C292 C293 C294 C295 C296 C297 C298 C299 C300 C301 C302 C303
    C304 C305 C306 C307 C308 C309 C310 C311 C312 C313 C314 C315 C316 C317 C318 C319
    C320 C321 C322 C323 C324 C325 C326 C327 C328 C329 C330 C331 C332 C333 C334 C335
    C336 C337 C338 C339 C340 C341 C342 C343 C344 C345 C346 C347 C348 C349 C350 C351
    C352 C353 C354 C355 C356 C357 C358 C359 C360 C361 C362 C363 C364 C365 C366 C367
    C368 C369 C370 C371 C372 C373 C374 C375 C376 C377 C378 C379 C380 C381 C382 C383
    C384 C385 C386 C387 C388 C389 C390 C391 C392 C393 C394 C395 C396 C397 C398 C399
    C400 C401 C402 C403 C404 C405 C406 C407 C408 C409 C410 C411 C412 C413 C414 C415
    C416 C417 C418 C419 C420 C421 C422 C423 C424 C425 C426 C427 C428 C429 C430 C431
    C432 C433 C434 C435 C436 C437 C438 C439 C440 C441 C442 C443 C444 C445 C446 C447
    C448 C449 C450 C451 C452 C453 C454 C455 C456 C457 C458 C459 C460 C461 C462 C463
    C464 C465 C466 C467 C468 C469 C470 C471 C472 C473 C474 C475 C476 C477 C478 C479
    C480 C481 C482 C483 C484 C485 C486 C487 C488 C489 C490 C491 C492 C493 C494 C495
    C496 C497 C498 C499 C500 C501 C502 C503 C504 C505 C506 C507 C508 C509 C510 C511
    C512 C513 C514 C515 C516 C517 C518 C519 C520 C521 C522 C523 C524 C525 C526 C527
    C528 C529 C530 C531 C532 C533 C534 C535 C536 C537 C538 C539 C540 C541 C542 C543
    C544 C545 C546 C547 C548 C549 C550 C551 C552 C553 C554 C555 C556 C557 C558 C559
    C560 C561 C562 C563 C564 C565 C566 C567 C568 C569 C570 C571 C572 C573 C574 C575
    C576 C577 C578 C579 C580 C581 C582 C583 C584 C585 C586 C587 C588 C589 C590 C591
    C592 C593 C594 C595 C596 C597 C598 C599 C600 C601 C602 C603 C604 C605 C606 C607
    C608 C609 C610 C611 C612 C613 C614 C615 C616 C617 C618 C619 C620 C621 C622 C623
    C624 C625 C626 C627 C628 C629 C630 C631 C632 C633 C634 C635 C636 C637 C638 C639
    C640 C641 C642 C643 C644 C645 C646 C647 C648 C649 C650 C651 C652 C653 C654 C655
    C656 C657 C658 C659 C660 C661 C662 C663 C664 C665 C666 C667 C668 C669 C670 C671
    C672 C673 C674 C675 C676 C677 C678 C679 C680 C681 C682 C683 C684 C685 C686 C687
    C688 C689 C690 C691 C692 C693 C694 C695 C696 C697 C698 C699 C700 C701 C702 C703
    C704 C705 C706 C707 C708 C709 C710 C711 C712 C713 C714 C715 C716 C717 C718 C719
    C720 C721 C722 C723 C724 C725 C726 C727 C728 C729 C730 C731 C732 C733 C734 C735
    C736 C737 C738 C739 C740 C741 C742 C743 C744 C745 C746 C747 C748 C749 C750 C751
    C752 C753 C754 C755 C756 C757 C758 C759 C760 C761 C762 C763 C764 C765 C766 C767
    C768 C769 C770 C771 C772 C773 C774 C775 C776 C777 C778 C779 C780 C781 C782 C783
    C784 C785 C786 C787 C788 C789 C790 C791 C792 C793 C794 C795 C796 C797 C798 C799
    C800 C801 C802 C803 C804 C805 C806 C807 C808 C809 C810 C811 C812 C813 C814 C815
    C816 C817 C818 C819 C820 C821 C822 C823 C824 C825 C826 C827 C828 C829 C830 C831
    C832 C833 C834 C835 C836 C837 C838 C839 C840 C841 C842 C843 C844 C845 C846 C847
    C848 C849 C850 C851 C852 C853 C854 C855 C856 C857 C858 C859 C860 C861 C862 C863
    C864 C865 C866 C867 C868 C869 C870 C871 C872 C873 C874 C875 C876 C877 C878 C879
    C880 C881 C882 C883 C884 C885 C886 C887 C888 C889 C890 C891 C892 C893 C894 C895
    C896 C897 C898 C899 C900 C901 C902 C903 C904 C905 C906 C907 C908 C909 C910 C911
    C912 C913 C914 C915 C916 C917 C918 C919 C920 C921 C922 C923 C924 C925 C926 C927
    C928 C929 C930 C931 C932 C933 C934 C935 C936 C937 C938 C939 C940 C941 C942 C943
    C944 C945 C946 C947 C948 C949 C950 C951 C952 C953 C954 C955 C956 C957 C958 C959
    C960 C961 C962 C963 C964 C965 C966 C967 C968 C969 C970 C971 C972 C973 C974 C975
    C976 C977 C978 C979 C980 C981 C982 C983 C984 C985 C986 C987 C988 C989 C990 C991
    C992 C993 C994 C995 C996
);

const CHILD: &str = "FIRST_CALL_CHILD";

/// One first call: prints the elapsed nanoseconds and the number of contracts.
fn first_call() -> (u128, usize, bool) {
    let start = Instant::now();
    let report = contracts_core::validate_all();
    let elapsed = start.elapsed().as_nanos();
    (elapsed, report.checked(), report.is_ok())
}

fn main() {
    if std::env::var_os(CHILD).is_some() {
        let (ns, checked, ok) = first_call();
        println!("{ns} {checked} {ok}");
        return;
    }
    if !std::env::args().any(|arg| arg == "--bench") {
        let (ns, checked, ok) = first_call();
        println!("validate_all() first call: {ns} ns, {checked} contracts, ok: {ok}");
        return;
    }
    const RUNS: usize = 21;
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    let mut times = Vec::with_capacity(RUNS);
    let mut summary = String::new();
    for _ in 0..RUNS {
        let output = Command::new(&exe)
            .env(CHILD, "1")
            .output()
            .expect("the benchmark can run itself");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let mut fields = text.split_whitespace();
        let ns: u128 = fields
            .next()
            .and_then(|f| f.parse().ok())
            .expect("child prints ns");
        times.push(ns);
        summary = fields.collect::<Vec<_>>().join(" ");
    }
    times.sort_unstable();
    let median = times[RUNS / 2];
    println!(
        "validate_all() first call, fresh process, median of {RUNS}: {:.3} ms \
         (min {:.3} ms, max {:.3} ms; contracts checked, ok: {summary})  (goal <= 1 ms)",
        median as f64 / 1e6,
        times[0] as f64 / 1e6,
        times[RUNS - 1] as f64 / 1e6,
    );
}
