// Prints the sha384 Subresource Integrity value of each file given, one "<sri>  <file>" a line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const digest = createHash('sha384').update(readFileSync(file)).digest('base64');
  console.log(`sha384-${digest}  ${file}`);
}
