# Student's t, chi-square tails and the Wilson interval, by base R: the oracle for
# packages/sim/src/report/stats.ts. Called by packages/sim/test/estimators-r.test.ts as:
#   Rscript quantiles.R <in.csv> <out.csv>
# in.csv: what,a,b   (what = t: quantile p = a, df = b; chisq: upper tail at x = a, df = b;
#                     wilson: k = a successes of n = b, prop.test without continuity correction)
# out.csv: what,a,b,value,lo,hi
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
d$value <- NA; d$lo <- NA; d$hi <- NA
for (k in seq_len(nrow(d))) {
  if (d$what[k] == "t") d$value[k] <- qt(d$a[k], d$b[k])
  if (d$what[k] == "chisq") d$value[k] <- pchisq(d$a[k], d$b[k], lower.tail = FALSE)
  if (d$what[k] == "wilson") {
    ci <- suppressWarnings(prop.test(d$a[k], d$b[k], correct = FALSE)$conf.int)
    d$lo[k] <- ci[1]; d$hi[k] <- ci[2]
  }
}
# Every digit a double has, so agreement can be checked to 1e-14.
d[] <- lapply(d, function(x) if (is.numeric(x)) sprintf("%.17g", x) else x)
write.csv(d, args[2], row.names = FALSE)
