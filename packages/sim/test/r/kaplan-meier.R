# Kaplan–Meier and Nelson–Aalen with delayed entry (left truncation), by survival::survfit: the oracle for
# packages/sim/src/report/stats.ts (kaplanMeier) and src/calibrate/nelson-aalen.ts. Called by
# packages/sim/test/estimators-r.test.ts as: Rscript kaplan-meier.R <in.csv> <out.csv>
# in.csv: group,entry,duration,cause  (cause empty = censored; entry -1 = observed from time 0)
# out.csv: group,cause,time,n.risk,n.event,surv,cumhaz — per group, one block per cause and one for
#          "any" (every cause counted as the event: the Kaplan–Meier curve)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric", "character"), na.strings = character(0))
out <- NULL
for (g in unique(d$group)) {
  dg <- d[d$group == g, ]
  fit1 <- function(event, label) {
    f <- survfit(Surv(dg$entry, dg$duration, event) ~ 1, ctype = 1)
    data.frame(group = g, cause = label, time = f$time, n.risk = f$n.risk, n.event = f$n.event, surv = f$surv, cumhaz = f$cumhaz)
  }
  out <- rbind(out, fit1(dg$cause != "", "any"))
  for (c in sort(unique(dg$cause[dg$cause != ""]))) out <- rbind(out, fit1(dg$cause == c, c))
}
# Every digit a double has, so agreement can be checked to 1e-14.
out[] <- lapply(out, function(x) if (is.numeric(x)) sprintf("%.17g", x) else x)
write.csv(out, args[2], row.names = FALSE)
