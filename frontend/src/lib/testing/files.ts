// A file named in GBK, as an old file on Linux: 旧文件/中文.txt. Its path
// is not UTF-8, so the Go side sends its key, and the path for people
// beside it.
export const gbkFile = {
  path: 'zhiku-path:/home/me/%BE%C9%CE%C4%BC%FE/%D6%D0%CE%C4.txt',
  displayPath: '/home/me/旧文件/中文.txt',
  folder: 'zhiku-path:/home/me/%BE%C9%CE%C4%BC%FE',
  displayFolder: '/home/me/旧文件',
};
