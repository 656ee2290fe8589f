# crimestats: PGXS build.
#
# The install script of the current version is assembled from one SQL piece
# per family, kept next to its C file in src/, so that everything about a
# family lives together.  Released versions are frozen: crimestats--1.0.sql
# is the 1.0 install script exactly as shipped, and each later release
# reaches existing installations through an upgrade script
# (crimestats--1.0--1.1.sql, ...), checked against a fresh install of the
# current version by tests/upgrade.sh.  Until 1.1 is released, its upgrade
# script is assembled too: the changes to 1.0's objects
# (src/upgrade--1.0--1.1.sql), then the pieces new in 1.1, whole.  At the
# release it is committed and frozen like crimestats--1.0.sql.

EXTENSION = crimestats
EXTVERSION = 1.1

MODULE_big = crimestats
OBJS = \
	src/common.o \
	src/distributions.o \
	src/poisson_trend.o \
	src/rates.o \
	src/rates_dayset.o \
	src/growth.o \
	src/growth_window.o \
	src/outcomes.o \
	src/outcome_rates.o \
	src/significance.o \
	src/significance_window.o \
	src/area_query.o \
	src/integrity.o \
	src/import_prc.o \
	src/year_ending.o \
	src/offence_share.o

# Order matters: types and functions first, then the tables that reference
# data needs, then views over both, then the loaders and the example data.
SQL_PIECES = \
	src/common.sql \
	src/rates.sql \
	src/rates_method.sql \
	src/growth.sql \
	src/outcomes.sql \
	src/significance.sql \
	src/overloads.sql \
	src/schema.sql \
	src/integrity.sql \
	src/reference_data.sql \
	src/classification_break.sql \
	src/rates_views.sql \
	src/growth_views.sql \
	src/outcomes_views.sql \
	src/significance_views.sql \
	src/import.sql \
	src/import_functions.sql \
	src/import_prc.sql \
	src/distribute.sql \
	src/example.sql \
	src/roles.sql

# the 1.0 -> 1.1 upgrade: new pieces in install order, views after the
# functions they use, load_example() last
UPGRADE_1_1_PIECES = \
	src/upgrade--1.0--1.1.sql \
	src/integrity.sql \
	src/rates_method.sql \
	src/significance.sql \
	src/overloads.sql \
	src/rates_views.sql \
	src/growth_views.sql \
	src/outcomes_views.sql \
	src/significance_views.sql \
	src/import_functions.sql \
	src/import_prc.sql \
	src/distribute.sql \
	src/example.sql \
	src/roles.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--1.0--1.1.sql
DATA = $(EXTENSION)--1.0.sql $(EXTENSION)--1.0.control

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
# A UTF-8 database in the C locale, whatever the caller's locale and the
# cluster's: psql measures the sparklines' block characters as UTF-8 and
# sorts text the same everywhere.
REGRESS_OPTS = --encoding=UTF8 --no-locale --load-extension=btree_gist --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Isrc
# Warnings are errors in our own build; PGXS's CFLAGS are added to, never replaced.
PG_CFLAGS = -Wall -Wmissing-prototypes -Werror

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES)
	( printf '%s\n' "-- complain if script is sourced in psql, rather than via CREATE EXTENSION" \
		"\\echo Use \"CREATE EXTENSION $(EXTENSION)\" to load this file. \\quit" ; \
	  for f in $^; do printf '\n-- %s\n' "$$f"; cat "$$f"; done ) > $@

$(EXTENSION)--1.0--1.1.sql: $(UPGRADE_1_1_PIECES)
	( printf '%s\n' "-- complain if script is sourced in psql, rather than via ALTER EXTENSION" \
		"\\echo Use \"ALTER EXTENSION $(EXTENSION) UPDATE TO '1.1'\" to load this file. \\quit" ; \
	  for f in $^; do printf '\n-- %s\n' "$$f"; cat "$$f"; done ) > $@

$(OBJS): src/crimestats.h
src/rates.o src/rates_dayset.o src/year_ending.o src/offence_share.o src/outcome_rates.o: src/rates_dayset.h
src/area_query.o src/year_ending.o src/offence_share.o src/outcome_rates.o src/import_prc.o src/integrity.o: src/area_query.h
src/significance.o src/significance_window.o: src/significance.h
src/growth.o src/growth_window.o src/poisson_trend.o: src/growth.h

# The PGXN upload archive: the committed tree at HEAD as
# crimestats-<version in META.json>.zip, every file under crimestats-<version>/.
DISTVERSION = $(EXTVERSION).0
dist:
	@grep -q '^   "version": "$(DISTVERSION)",$$' META.json || \
		{ echo "META.json: the distribution version is not $(DISTVERSION)" >&2; exit 1; }
	git archive --format=zip --prefix=$(EXTENSION)-$(DISTVERSION)/ -o $(EXTENSION)-$(DISTVERSION).zip HEAD
.PHONY: dist
