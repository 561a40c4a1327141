// Code that breaks .clang-tidy on purpose: repo.clang-tidy runs clang-tidy on this file
// first and fails unless it is reported, so a configuration that checks nothing cannot
// pass. Not part of any build.

int *nothing()
{
    return 0; // modernize-use-nullptr
}
