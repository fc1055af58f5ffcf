#include <openssl/sha.h>
#include <openssl/md5.h>
#include <openssl/evp.h>
