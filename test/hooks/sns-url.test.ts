import { describe, expect, it } from 'vitest';
import { SNS_URL } from '../../src/hooks/index.js';

describe("SNS's certificate and SubscribeURL hosts", () => {
  it('takes https URLs on SNS hosts, in every partition', () => {
    for (const url of [
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem',
      'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x',
      'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem',
    ]) {
      expect(SNS_URL.test(url)).toBe(true);
    }
  });

  it('refuses look-alikes, plain http and other hosts', () => {
    for (const url of [
      'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem',
      'https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-x.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com@evil.example/x.pem',
      'https://s3.amazonaws.com/sns/x.pem',
    ]) {
      expect(SNS_URL.test(url)).toBe(false);
    }
  });
});
