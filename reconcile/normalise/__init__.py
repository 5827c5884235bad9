"""normalise stage: raw cells -> typed, cleaned records, and findings for what cannot be read.

Pure functions, each tested as a table: dates.parse_date, sentence.parse_sentence,
flags.parse_yes_no, identifiers.normalise_prison_number (and its format check and
look-alike key), names.clean_name / split_full_name, nationality.to_iso / country_name /
demonym. records.build_prison_records and build_ind_records assemble them per table.
"""
