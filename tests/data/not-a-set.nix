# Evaluates to a list, not compositions.
[ 1 2 3 ]
