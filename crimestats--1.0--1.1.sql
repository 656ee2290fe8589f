-- crimestats 1.0 -> 1.1
-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION crimestats UPDATE TO '1.1'" to load this file. \quit
