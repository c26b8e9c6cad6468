# Aalen–Johansen state occupation with delayed entry, by etm: the oracle for
# packages/sim/src/calibrate/aalen-johansen.ts. Called by packages/sim/test/estimators-r.test.ts as:
#   Rscript aalen-johansen.R <transitions.csv> <initial.csv> <days.csv> <out.csv>
# transitions.csv: id,from,to,entry,exit  (etm's format; to = "cens" when censored)
# initial.csv: state,share   (the initial distribution: states at the end of the intake day)
# days.csv: day
# out.csv: day,state,share — P(in state at day) = initial %*% P(0, day)
suppressPackageStartupMessages(library(etm))
args <- commandArgs(trailingOnly = TRUE)
tr <- read.csv(args[1], colClasses = c("character", "character", "character", "numeric", "numeric"))
init <- read.csv(args[2], colClasses = c("character", "numeric"))
days <- read.csv(args[3])$day
states <- sort(unique(c(tr$from, tr$to[tr$to != "cens"], init$state)))
tra <- matrix(FALSE, length(states), length(states), dimnames = list(states, states))
moves <- unique(tr[tr$to != "cens", c("from", "to")])
for (k in seq_len(nrow(moves))) tra[moves$from[k], moves$to[k]] <- TRUE
fit <- etm(tr, states, tra, "cens", s = 0, covariance = FALSE, delta.na = FALSE)
p0 <- setNames(rep(0, length(states)), states)
p0[init$state] <- init$share
out <- NULL
for (day in days) {
  k <- findInterval(day, fit$time)
  P <- if (k == 0) diag(length(states)) else fit$est[, , k]
  occ <- as.vector(p0 %*% P)
  out <- rbind(out, data.frame(day = day, state = states, share = occ))
}
# Every digit a double has, so agreement can be checked to 1e-14.
out[] <- lapply(out, function(x) if (is.numeric(x)) sprintf("%.17g", x) else x)
write.csv(out, args[4], row.names = FALSE)
